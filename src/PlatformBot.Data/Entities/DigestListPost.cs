namespace PlatformBot.Data.Entities;

/// <summary>
/// A "Show all" list posted into a digest's thread (ADR 0025, issue 15): inserted under a unique key (platform, the
/// thread, the list) before the list is posted, so two clicks, on one node or two, post it once.
/// </summary>
public sealed class DigestListPost
{
    public long Id { get; set; }

    /// <summary>slack or teams.</summary>
    public required string Platform { get; set; }

    /// <summary>The digest's thread: Slack "channel/thread_ts"; Teams the reply chain's conversation id.</summary>
    public required string Thread { get; set; }

    /// <summary>The list's key within the digest (DigestShowAll.List).</summary>
    public required string ListKey { get; set; }

    /// <summary>Who clicked (the platform's user id).</summary>
    public required string PostedBy { get; set; }

    public DateTime PostedAtUtc { get; set; }
}
