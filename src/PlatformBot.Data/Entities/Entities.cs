namespace PlatformBot.Data.Entities;

// Persistence shapes. Money is integer cents (SQLite cannot compare decimals in SQL) and instants
// are UTC. Keys are the CRM's / telemetry's own ids so re-imports update rather than duplicate.

public sealed class Account
{
    public required string AccountId { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case, whitespace-collapsed name: what lookups compare against.</summary>
    public required string NameKey { get; set; }
    public string? Segment { get; set; }
    public string? Region { get; set; }
    public string? CsmEmail { get; set; }
    public string? OwnerEmail { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    /// <summary>
    /// Set when an `import accounts --replace` file no longer listed the account: hidden from lookups, the KPI and new
    /// score runs, kept for history (ADR 0013). Any later import that lists the account clears it.
    /// </summary>
    public DateTime? ArchivedAtUtc { get; set; }
    public List<Subscription> Subscriptions { get; } = [];
}

public sealed class Subscription
{
    public required string SubscriptionId { get; set; }
    public required string AccountId { get; set; }
    public required string Plan { get; set; }
    public long ArrCents { get; set; }
    public string? Delivery { get; set; }
    public DateOnly? CustomerSince { get; set; }
    /// <summary>First day without the subscription: as of this date or later it has no ARR and reports no usage (ADR 0013).</summary>
    public DateOnly? EndDate { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public Account? Account { get; set; }
}

/// <summary>The latest known facts about an instance (the usage rows keep their own history).</summary>
public sealed class Instance
{
    public required string InstanceId { get; set; }
    public required string SubscriptionId { get; set; }
    public required string InstanceType { get; set; }
    public DateOnly LastSnapshotDate { get; set; }
}

/// <summary>
/// One usage ping of one instance. The metric values are a positional vector over
/// <see cref="MetricColumn"/> ordinals (see docs/adr/0003-usage-metric-vector.md): the scoring model
/// decides which columns exist, so they cannot be fixed SQL columns.
/// </summary>
public sealed class UsageRow
{
    public required string InstanceId { get; set; }
    public DateOnly SnapshotDate { get; set; }
    public required string SubscriptionId { get; set; }
    public required string InstanceType { get; set; }
    /// <summary>Comma-separated whole numbers by column ordinal; an empty slot is unknown.</summary>
    public required string Metrics { get; set; }
}

/// <summary>Dictionary of usage metric columns: name to its ordinal in <see cref="UsageRow.Metrics"/>.</summary>
public sealed class MetricColumn
{
    public int Ordinal { get; set; }
    public required string Name { get; set; }
}

/// <summary>An account's score as of a date, with the model version that produced it.</summary>
public sealed class ScoreSnapshot
{
    public required string AccountId { get; set; }
    public DateOnly AsOf { get; set; }
    public required string ModelVersion { get; set; }
    public long ArrCents { get; set; }
    public int? AdoptionScore { get; set; }
    public required string Level { get; set; }
    /// <summary>JSON object: use-case id to {"color","score"}; use cases are model data.</summary>
    public required string UseCases { get; set; }
    public double? LicenseUtilization { get; set; }
    public double? ProductUsageScore { get; set; }
    public DateOnly? DataAsOf { get; set; }
    public DateTime ComputedAtUtc { get; set; }
}

/// <summary>Who looked at or changed what, from which surface. Never holds ARR.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string Surface { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }
    public string? Detail { get; set; }
}
