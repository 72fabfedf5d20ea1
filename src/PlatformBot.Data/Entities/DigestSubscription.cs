namespace PlatformBot.Data.Entities;

// Digest subscriptions and the delivery log. Instants are UTC; the schedule is kept as the user said it
// (day, local time, IANA zone) so it follows daylight saving instead of drifting by an hour.

/// <summary>A channel's subscription to one digest kind, with filters and a weekly schedule.</summary>
public sealed class DigestSubscription
{
    public long Id { get; set; }

    /// <summary>"slack" or "teams".</summary>
    public required string Platform { get; set; }

    /// <summary>Slack channel id (C…/G…), or the Teams channel id (19:…@thread…) for channel posts.</summary>
    public required string ChannelId { get; set; }

    /// <summary>Teams only: the Bot Connector service URL of the team's region.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Teams only: the tenant the channel lives in.</summary>
    public string? TenantId { get; set; }

    /// <summary>Teams only: a conversation to post into when there is no channel id (a group or personal chat).</summary>
    public string? ConversationId { get; set; }

    /// <summary>"score-changes", "arr-kpi" or "adoption-trends".</summary>
    public required string Kind { get; set; }

    public string? Segment { get; set; }

    public string? Region { get; set; }

    public string? OwnerEmail { get; set; }

    public string? CsmEmail { get; set; }

    public string? Plan { get; set; }

    public string? UseCase { get; set; }

    /// <summary>"mon" … "sun".</summary>
    public required string Day { get; set; }

    /// <summary>Local time "HH:mm" in <see cref="TimeZone"/>.</summary>
    public required string Time { get; set; }

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public required string TimeZone { get; set; }

    /// <summary>Who subscribed: a Slack user id (alerts go to them by DM), a Teams user id or "cli:name".</summary>
    public required string CreatedBy { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Changes whenever the schedule or filters change; the scheduler re-syncs on it.</summary>
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>"active" or "broken" (the channel is gone or the bot was removed: nothing is sent until fixed).</summary>
    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTime? StatusChangedAtUtc { get; set; }

    /// <summary>score-changes only: post nothing (instead of one "no changes" line) when nothing moved.</summary>
    public bool SkipWhenNoChanges { get; set; }

    /// <summary>
    /// my-accounts only: the person's e-mail, trimmed and lower case. Unique, so each person has one personal digest
    /// (and one delivery per week) whichever platform they use; null for channel digests.
    /// </summary>
    public string? PersonKey { get; set; }

    /// <summary>my-accounts only: the person's own choice (true on, false off); null follows Digests:PersonalDefault.</summary>
    public bool? PersonalChoice { get; set; }
}
