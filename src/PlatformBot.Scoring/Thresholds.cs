namespace PlatformBot.Scoring;

/// <summary>
/// Red and green conditions of a "higher is better" measure; anything between is yellow. Red takes &lt; or &lt;=,
/// green &gt; or &gt;=, so the three bands always cover every value exactly once.
/// </summary>
public sealed record Thresholds(Condition Red, Condition Green)
{
    public HealthColor ColorOf(double value) => Red.IsMet(value) ? HealthColor.Red : Green.IsMet(value) ? HealthColor.Green : HealthColor.Yellow;

    /// <summary>False when red and green meet (e.g. red "&lt;= 0.75", green "&gt; 0.75"): no value is yellow.</summary>
    public bool HasYellow => Red.Threshold < Green.Threshold
        || (Red.Operator == ComparisonOperator.Less && Green.Operator == ComparisonOperator.Greater);

    /// <summary>The lowest yellow value is the red threshold itself when red is "&lt;" (inclusive), else just above it.</summary>
    internal bool YellowIncludesLow => Red.Operator == ComparisonOperator.Less;

    internal bool YellowIncludesHigh => Green.Operator == ComparisonOperator.Greater;

    /// <summary>e.g. "red &lt;= 10%, yellow > 10% and &lt;= 33%, green > 33%" (shares as percentages).</summary>
    public string Describe(string unit = "count") => $"red {RedText(unit)}, {(HasYellow ? "yellow " + YellowText(unit) : "no yellow band")}, green {GreenText(unit)}";

    /// <summary>The red condition in the metric's unit, e.g. "&lt;= 10%".</summary>
    public string RedText(string unit = "count") => $"{Red.OperatorText} {ScoringEngine.Format(Red.Threshold, unit)}";

    /// <summary>The yellow band in the metric's unit, e.g. "> 10% and &lt;= 33%", "= 2" or "none".</summary>
    public string YellowText(string unit = "count")
    {
        if (!HasYellow)
        {
            return "none";
        }

        var low = ScoringEngine.Format(Red.Threshold, unit);
        if (Red.Threshold == Green.Threshold)
        {
            return "= " + low;
        }

        return $"{(YellowIncludesLow ? ">=" : ">")} {low} and {(YellowIncludesHigh ? "<=" : "<")} {ScoringEngine.Format(Green.Threshold, unit)}";
    }

    /// <summary>The green condition in the metric's unit, e.g. "> 33%".</summary>
    public string GreenText(string unit = "count") => $"{Green.OperatorText} {ScoringEngine.Format(Green.Threshold, unit)}";
}
