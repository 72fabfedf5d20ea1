using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>How two snapshots compare (the words for it are in <see cref="Wording"/>).</summary>
public static class AnswerText
{
    public static TrendDirection Compare(HealthColor before, HealthColor now) =>
        before == HealthColor.Unknown && now == HealthColor.Unknown ? TrendDirection.Same
        : before == HealthColor.Unknown || now == HealthColor.Unknown ? TrendDirection.NotComparable
        : now > before ? TrendDirection.Up
        : now < before ? TrendDirection.Down
        : TrendDirection.Same;

    public static TrendDirection Compare(int? before, int? now) =>
        before is null && now is null ? TrendDirection.Same
        : before is not { } b || now is not { } n ? TrendDirection.NotComparable
        : n > b ? TrendDirection.Up
        : n < b ? TrendDirection.Down
        : TrendDirection.Same;
}
