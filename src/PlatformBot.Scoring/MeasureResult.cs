namespace PlatformBot.Scoring;

/// <summary>A secondary measure (license utilization, engagement, product usage score).</summary>
public sealed record MeasureResult(
    string Id,
    double? Value,
    HealthColor Color,
    double? Points,
    string Note);
