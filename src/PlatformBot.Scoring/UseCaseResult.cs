namespace PlatformBot.Scoring;

/// <summary>A use case's result for an account (or one subscription).</summary>
public sealed record UseCaseResult(
    string UseCaseId,
    string Name,
    HealthColor Color,
    // Points score (25..88) or null when unknown.
    double? Score,
    // True when the use case does not apply (e.g. Security on a non-ultimate plan).
    bool NotApplicable,
    IReadOnlyList<MetricResult> Metrics,
    DistanceToGreen? DistanceToGreen)
{
    /// <summary>
    /// Set when the use case is red or yellow and no change of one known metric alone turns it green (then
    /// <see cref="DistanceToGreen"/> is null), e.g. "No change of one metric alone turns CD green; at least two metrics must improve.".
    /// </summary>
    public string? DistanceToGreenNote { get; init; }
}
