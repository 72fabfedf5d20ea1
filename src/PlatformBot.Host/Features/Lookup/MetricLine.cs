using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// One metric of a use case: value (null = no data), its green condition ("> 33%"), all bands, color, and whether
/// higher is better (decided from the model's thresholds, not assumed).
/// </summary>
public sealed record MetricLine(
    string Id, string Name, double? Value, string ValueText, string GreenThreshold, string Thresholds, HealthColor Color, bool HigherIsBetter)
{
    public bool NoData => Value is null;
}
