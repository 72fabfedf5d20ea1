namespace PlatformBot.Scoring;

/// <summary>One metric of a use case, evaluated.</summary>
public sealed record MetricResult(
    string MetricId,
    string Name,
    double? Value,
    HealthColor Color,
    string Unit,
    // Human text for the green threshold, e.g. "> 0.33".
    string GreenThreshold,
    // Human text for all bands, e.g. "red <= 0.10, yellow > 0.10 and <= 0.33, green > 0.33".
    string Thresholds);
