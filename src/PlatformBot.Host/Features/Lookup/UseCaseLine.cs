using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

public sealed record UseCaseLine(
    string Id,
    string Name,
    HealthColor Color,
    UseCaseStatus Status,
    // Points score (mean of metric points), null when unknown.
    double? Score,
    IReadOnlyList<MetricLine> Metrics,
    // e.g. "CI builds per billable user 12.4 -> needs > 40", or the engine's note when no single metric can do it;
    // null when green or unknown.
    string? DistanceToGreen,
    // Against the last stored snapshot before today; null when there is none.
    ColorChange? VsLast,
    // Against the stored snapshot closest to 91 days before today; null when there is none.
    ColorChange? VsQuarter,
    // Plans the use case applies to (empty = every plan), for "not applicable" lines.
    IReadOnlyList<string> Plans);
