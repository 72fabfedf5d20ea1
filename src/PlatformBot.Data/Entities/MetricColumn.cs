namespace PlatformBot.Data.Entities;

/// <summary>Dictionary of usage metric columns: name to its ordinal in <see cref="UsageRow.Metrics"/>.</summary>
public sealed class MetricColumn
{
    public int Ordinal { get; set; }
    public required string Name { get; set; }
}
