namespace PlatformBot.Data.Entities;

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
