namespace PlatformBot.Scoring;

public sealed record RatioMeasure(IReadOnlyList<string> Numerator, IReadOnlyList<string> Denominator)
{
    internal int[] NumeratorIndex { get; init; } = [];
    internal int[] DenominatorIndex { get; init; } = [];
}
