namespace PlatformBot.Scoring;

/// <summary>A metric: a ratio of column sums, or a count of columns that are &gt; 0.</summary>
public sealed record MetricDefinition(
    string Id,
    string Name,
    string Unit,
    IReadOnlyList<string> Numerator,
    IReadOnlyList<string> Denominator,
    IReadOnlyList<string> CountPositive,
    Thresholds Thresholds)
{
    public bool IsCount => CountPositive.Count > 0;

    /// <summary>The formula in words, for `/adoption explain`.</summary>
    public string Formula => IsCount
        ? $"number of these that are above 0: {string.Join(", ", CountPositive)}"
        : $"({string.Join(" + ", Numerator)}) / ({string.Join(" + ", Denominator)})";

    /// <summary>Human text of each band in the metric's unit, for `/adoption explain` (e.g. "&lt;= 10%").</summary>
    public string RedText { get; internal init; } = string.Empty;

    /// <summary>e.g. "> 10% and &lt;= 33%", or "none" when red and green meet.</summary>
    public string YellowText { get; internal init; } = string.Empty;

    /// <summary>e.g. "> 33%".</summary>
    public string GreenText { get; internal init; } = string.Empty;

    /// <summary>e.g. "red &lt;= 10%, yellow > 10% and &lt;= 33%, green > 33%".</summary>
    public string BandsText { get; internal init; } = string.Empty;

    internal int[] NumeratorIndex { get; init; } = [];
    internal int[] DenominatorIndex { get; init; } = [];
    internal int[] CountIndex { get; init; } = [];
}
