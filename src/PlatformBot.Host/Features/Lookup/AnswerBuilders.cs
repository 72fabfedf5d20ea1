using System.Globalization;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>Builds the score card from a live score and the account's stored history. Pure: no I/O, no clock.</summary>
public static class ScoreCardBuilder
{
    /// <summary>Older usage data than this gets a warning on the card.</summary>
    public const int StaleAfterDays = 14;

    /// <summary>"About three months ago" is the stored snapshot closest to this many days before today...</summary>
    public const int QuarterDays = 91;

    /// <summary>...within this many days of it; otherwise there is no quarter comparison.</summary>
    public const int QuarterToleranceDays = 30;

    public static ScoreCardAnswer Build(
        DirectoryEntry account, AccountScore score, IReadOnlyList<StoredScore> history, ScoringModel model, DateOnly today, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(model);

        // Snapshots stored for today (or later) would compare the card with itself.
        var last = history.Where(h => h.AsOf < today).MaxBy(h => h.AsOf);
        var target = today.AddDays(-QuarterDays).DayNumber;
        var quarter = history
            .Where(h => h.AsOf < today && Math.Abs(h.AsOf.DayNumber - target) <= QuarterToleranceDays)
            .OrderBy(h => Math.Abs(h.AsOf.DayNumber - target)).ThenBy(h => h.AsOf).FirstOrDefault();

        var useCases = new List<UseCaseLine>(score.UseCases.Count);
        foreach (var u in score.UseCases)
        {
            var definition = model.UseCases.FirstOrDefault(d => d.Id == u.UseCaseId);
            var status = u.NotApplicable ? UseCaseStatus.NotApplicable : u.Color == HealthColor.Unknown ? UseCaseStatus.NoData : UseCaseStatus.Scored;
            useCases.Add(new UseCaseLine(
                u.UseCaseId,
                u.Name,
                u.Color,
                status,
                u.Score,
                u.Metrics.Select(m => new MetricLine(
                    m.MetricId, m.Name, m.Value, m.Value is { } v ? ScoringEngine.Format(v, m.Unit) : "no data",
                    m.GreenThreshold, m.Thresholds, m.Color,
                    definition?.Metrics.FirstOrDefault(d => d.Id == m.MetricId) is not { } metric || HigherIsBetter(metric.Thresholds))).ToList(),
                u.Color is HealthColor.Green or HealthColor.Unknown ? null : u.DistanceToGreen?.Text ?? u.DistanceToGreenNote,
                Change(last, u),
                Change(quarter, u),
                definition?.Plans ?? []));
        }

        return new ScoreCardAnswer(
            account.AccountId, account.Name, account.Segment, account.Region, account.Owner, account.Csm,
            score.AdoptionScore, score.Level.Label, score.UseCaseCount, model.PlatformThreshold,
            maySeeArr ? new Money(score.Arr, currency) : null,
            useCases,
            Measure("License utilization", score.LicenseUtilization),
            Measure("User engagement", score.Engagement),
            LevelChangeOf(last, score),
            LevelChangeOf(quarter, score),
            today, score.DataAsOf, Staleness(score, today, model), score.ModelVersion);
    }

    /// <summary>Green is reached from below when the green condition is "&gt;" or "&gt;=".</summary>
    public static bool HigherIsBetter(Thresholds thresholds) =>
        thresholds.Green.Operator is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual;

    internal static string? Staleness(AccountScore score, DateOnly today, ScoringModel model)
    {
        if (score.Stale)
        {
            return $"Usage data is stale: nothing has been reported in the last {model.StalenessDays} days, so the use cases show no data.";
        }

        if (score.DataAsOf is not { } date)
        {
            return "No usage data has been received for this account.";
        }

        var age = today.DayNumber - date.DayNumber;
        return age > StaleAfterDays
            ? string.Create(CultureInfo.InvariantCulture, $"Usage data is {age} days old (last reported {date:yyyy-MM-dd}).")
            : null;
    }

    private static MeasureLine Measure(string name, MeasureResult measure) =>
        new(name, measure.Value, measure.Value is { } v ? ScoringEngine.Format(v, "share") : "no data", measure.Color,
            string.IsNullOrWhiteSpace(measure.Note) ? null : measure.Note);

    private static ColorChange? Change(StoredScore? snapshot, UseCaseResult now) =>
        snapshot is null || !snapshot.Holds(now.UseCaseId)
            ? null
            : new ColorChange(snapshot.AsOf, snapshot.ColorOf(now.UseCaseId), AnswerText.Compare(snapshot.ColorOf(now.UseCaseId), now.Color));

    private static LevelChange? LevelChangeOf(StoredScore? snapshot, AccountScore now) =>
        snapshot is null
            ? null
            : new LevelChange(snapshot.AsOf, snapshot.Level, snapshot.AdoptionScore, AnswerText.Compare(snapshot.AdoptionScore, now.AdoptionScore), snapshot.ModelVersion);
}

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

/// <summary>The KPI and movers answers from stored snapshots. Pure.</summary>
public static class TrendBuilder
{
    public const int MaxMovers = 10;

    public static KpiAnswer Kpi(ArrKpi now, ArrKpi? before, int platformThreshold, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(now);
        var lines = now.Levels.Select(l =>
        {
            var previous = before?.Levels.FirstOrDefault(b => b.Level == l.Level);
            return new KpiLine(l.Level, l.Share, l.Accounts, maySeeArr ? new Money(l.Arr, currency) : null,
                before is null ? null : (l.Share - (previous?.Share ?? 0)) * 100,
                before is null ? null : l.Accounts - (previous?.Accounts ?? 0));
        }).ToList();
        return new KpiAnswer(now.AsOf, before?.AsOf, now.Levels.Sum(l => l.Accounts), maySeeArr ? new Money(now.TotalArr, currency) : null, lines, platformThreshold);
    }

    /// <summary>
    /// Accounts whose level went up or down between the two dates, largest ARR first (then more steps, then name).
    /// Moves into or out of "no data" are not ranked: they say the data changed, not the adoption.
    /// </summary>
    public static MoversAnswer Movers(
        DateOnly asOf, DateOnly previousAsOf, IReadOnlyList<StoredScore> now, IReadOnlyList<StoredScore> then, ScoringModel model, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(model);
        var order = model.LevelLabels.Where(l => l != AdoptionLevel.NoDataLabel)
            .Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var previous = then.ToDictionary(s => s.AccountId, StringComparer.Ordinal);
        var moves = new List<(Mover Mover, decimal Arr)>();
        foreach (var current in now)
        {
            if (previous.TryGetValue(current.AccountId, out var old)
                && order.TryGetValue(old.Level, out var from) && order.TryGetValue(current.Level, out var to) && from != to)
            {
                moves.Add((new Mover(current.AccountId, current.Name, old.Level, current.Level, to - from, maySeeArr ? new Money(current.Arr, currency) : null), current.Arr));
            }
        }

        static List<Mover> Top(IEnumerable<(Mover Mover, decimal Arr)> list) => list
            .OrderByDescending(m => m.Arr).ThenByDescending(m => Math.Abs(m.Mover.Steps))
            .ThenBy(m => m.Mover.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Mover.AccountId, StringComparer.Ordinal)
            .Take(MaxMovers).Select(m => m.Mover).ToList();

        var up = moves.Where(m => m.Mover.Steps > 0).ToList();
        var down = moves.Where(m => m.Mover.Steps < 0).ToList();
        return new MoversAnswer(asOf, previousAsOf, Top(up), Top(down), up.Count, down.Count);
    }
}
