namespace PlatformBot.Data.Entities;

/// <summary>
/// One digest for one period: claimed (inserted under a unique key) before anything is sent, completed with the
/// platform's message id. The unique key (subscription, period) is what makes a second send post nothing.
/// See docs/adr/0004-digest-delivery-guard.md.
/// </summary>
public sealed class DigestDelivery
{
    public long Id { get; set; }

    public long SubscriptionId { get; set; }

    /// <summary>ISO week of the as-of date, e.g. "2026-W48".</summary>
    public required string PeriodKey { get; set; }

    /// <summary>The date the digest was asked for (the scheduled day in the subscription's zone).</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>The snapshot date the content was built from.</summary>
    public DateOnly? DataDate { get; set; }

    /// <summary>claimed, sent, partial, skipped, failed or unknown.</summary>
    public required string Status { get; set; }

    /// <summary>schedule, catch-up, cli or chat.</summary>
    public required string Source { get; set; }

    /// <summary>A random token per claim: only its owner may complete it.</summary>
    public required string ClaimToken { get; set; }

    /// <summary>Machine and process that claimed it.</summary>
    public required string ClaimedBy { get; set; }

    public DateTime ClaimedAtUtc { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>Slack: the top-level message ts; Teams: the activity id.</summary>
    public string? MessageId { get; set; }

    /// <summary>Where it went: the Slack channel id or the Teams conversation id.</summary>
    public string? Channel { get; set; }

    /// <summary>What was posted: "blocks", "text" (fallback after a rejection) or "card".</summary>
    public string? Mode { get; set; }

    /// <summary>What went wrong, or what is unknown; shown by `platformbot digests log`.</summary>
    public string? Error { get; set; }
}
