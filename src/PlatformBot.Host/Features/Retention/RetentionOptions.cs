namespace PlatformBot.Host.Features.Retention;

/// <summary>Bound from the "Retention" section: how long the tables that grow without bound keep their rows.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>audit_entries older than this many days are deleted.</summary>
    public int AuditDays { get; set; } = 400;

    /// <summary>digest_deliveries claimed more than this many days ago are deleted.</summary>
    public int DeliveryLogDays { get; set; } = 400;

    /// <summary>usage_rows whose snapshot_date is more than this many days before today are deleted (and instances left without rows).</summary>
    public int UsageDays { get; set; } = 800;

    /// <summary>
    /// source_runs that finished more than this many days ago are deleted. A quarter keeps every run `sources status`
    /// and /readyz read (the last of each source, a weekly schedule's two periods) and months of history besides; a
    /// source whose last run is older than this is listed as never run, and judged so by /readyz if it is scheduled.
    /// </summary>
    public int SourceRunDays { get; set; } = 90;

    /// <summary>The daily prune: a Quartz cron expression in Scoring:TimeZone. Empty = no scheduled prune (`platformbot prune` still works).</summary>
    public string Schedule { get; set; } = "0 30 4 * * ?";

    /// <summary>
    /// The delivery row is the never-twice guard of a digest (ADR 0004): a month keeps it for every week a scheduled,
    /// caught-up or hand-sent digest is likely to touch again.
    /// </summary>
    public const int MinDeliveryLogDays = 30;
}
