using System.Globalization;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>`explain &lt;use case&gt;`: what it measures, the bands, and how it turns green - all from the model.</summary>
public static class ExplainBuilder
{
    public static ExplainAnswer Build(UseCaseDefinition useCase, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(useCase);
        ArgumentNullException.ThrowIfNull(model);
        var metrics = useCase.Metrics.Select(m =>
        {
            var (red, yellow, green) = Bands(m.Thresholds, m.Unit);
            return new ExplainMetric(m.Name, Formula(m), red, yellow, green, ScoreCardBuilder.HigherIsBetter(m.Thresholds));
        }).ToList();

        var across = useCase.Rollup == RollupMode.Points
            ? "Across an account's subscriptions, the use-case scores are averaged, weighted by ARR."
            : "Across an account's subscriptions, each metric's value is averaged, weighted by ARR, before the thresholds apply.";
        return new ExplainAnswer(useCase.Id, useCase.Name, useCase.Description, metrics, HowItTurnsGreen(useCase.Metrics.Count, model), across,
            useCase.Plans.Count == 0 ? "every plan" : string.Join(", ", useCase.Plans) + " only", model.Version);
    }

    /// <summary>Red, yellow and green as conditions; yellow is what is neither ("none" when the bands touch).</summary>
    public static (string Red, string Yellow, string Green) Bands(Thresholds thresholds, string unit)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var red = Text(thresholds.Red, unit);
        var green = Text(thresholds.Green, unit);
        var a = Not(thresholds.Red);
        var b = Not(thresholds.Green);
        var (low, high) = a.Operator is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual ? (a, b) : (b, a);
        var empty = low.Threshold > high.Threshold
            || (low.Threshold == high.Threshold && (low.Operator == ComparisonOperator.Greater || high.Operator == ComparisonOperator.Less));
        var yellow = empty ? "none"
            : low.Operator == ComparisonOperator.GreaterOrEqual && high.Operator == ComparisonOperator.LessOrEqual
                ? low.Threshold == high.Threshold
                    ? ScoringEngine.Format(low.Threshold, unit)
                    : $"{ScoringEngine.Format(low.Threshold, unit)} to {ScoringEngine.Format(high.Threshold, unit)}"
                : $"{Text(low, unit)} and {Text(high, unit)}";
        return (red, yellow, green);
    }

    /// <summary>
    /// From the model's points and bands: the weakest mixes of metric colors that still average above the green band,
    /// e.g. for three metrics at 25/63/88 and "&gt; 75": "two green and one at least yellow".
    /// </summary>
    public static string HowItTurnsGreen(int metricCount, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (r, y, g) = model.Points;
        var above = model.Bands.GreenAbove.ToString(CultureInfo.InvariantCulture);
        var points = string.Create(CultureInfo.InvariantCulture, $"red {r}, yellow {y}, green {g}");
        if (metricCount <= 1)
        {
            return "Green when its metric is green. Unknown values are left out, never counted as red.";
        }

        bool Green(int greens, int yellows, int reds) => ((greens * g) + (yellows * y) + (reds * r)) / (greens + yellows + reds) > model.Bands.GreenAbove;

        // Minimal mixes: green, but not after turning any one metric a color worse.
        var mixes = new List<string>();
        for (var greens = 0; greens <= metricCount; greens++)
        {
            for (var reds = metricCount - greens; reds >= 0; reds--)
            {
                var yellows = metricCount - greens - reds;
                if (!Green(greens, yellows, reds)
                    || (greens > 0 && Green(greens - 1, yellows + 1, reds))
                    || (yellows > 0 && Green(greens, yellows - 1, reds + 1)))
                {
                    continue;
                }

                var text = greens == metricCount ? $"all {Number(metricCount)} green" : $"{Number(greens)} green";
                if (yellows > 0)
                {
                    text += $" and {Number(yellows)} at least yellow";
                }

                if (reds > 0)
                {
                    text += $"{(yellows > 0 ? "," : " and")} {Number(reds)} of any color";
                }

                mixes.Add(text);
            }
        }

        return $"Each known metric earns points ({points}); the use case is green when their mean is > {above}: "
            + (mixes.Count == 0 ? "never with these points." : string.Join("; or ", mixes) + ".")
            + " Unknown metrics are left out of the mean, never counted as red.";
    }

    /// <summary>The formula in words: "git operation users divided by billable users, over the last 28 days".</summary>
    public static string Formula(MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var columns = metric.IsCount ? metric.CountPositive : metric.Numerator.Concat(metric.Denominator).ToList();
        var window = columns.Any(c => c.EndsWith("_28d", StringComparison.Ordinal)) ? ", over the last 28 days" : string.Empty;
        if (metric.IsCount)
        {
            return $"how many of these are above 0: {string.Join(", ", metric.CountPositive.Select(Words))}{window}";
        }

        return $"{Sum(metric.Numerator)} divided by {Sum(metric.Denominator)}{window}";
    }

    private static string Sum(IReadOnlyList<string> columns) =>
        columns.Count == 1 ? Words(columns[0]) : "(" + string.Join(" + ", columns.Select(Words)) + ")";

    private static string Words(string column) =>
        (column.EndsWith("_28d", StringComparison.Ordinal) ? column[..^4] : column).Replace('_', ' ');

    private static string Text(Condition condition, string unit) => $"{condition.OperatorText} {ScoringEngine.Format(condition.Threshold, unit)}";

    private static Condition Not(Condition condition) => condition with
    {
        Operator = condition.Operator switch
        {
            ComparisonOperator.Less => ComparisonOperator.GreaterOrEqual,
            ComparisonOperator.LessOrEqual => ComparisonOperator.Greater,
            ComparisonOperator.Greater => ComparisonOperator.LessOrEqual,
            _ => ComparisonOperator.Less,
        },
    };

    private static string Number(int n) => n switch
    {
        0 => "none",
        1 => "one",
        2 => "two",
        3 => "three",
        4 => "four",
        5 => "five",
        6 => "six",
        7 => "seven",
        8 => "eight",
        9 => "nine",
        10 => "ten",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
