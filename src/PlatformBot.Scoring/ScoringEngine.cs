using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>
/// The Platform Adoption Score (docs: scoring-methodology.md). Pure and deterministic: no clock, no I/O;
/// the as-of date and every input arrive as arguments. Immutable and thread-safe.
/// </summary>
public sealed class ScoringEngine
{
    private readonly ScoringModel _model;
    private readonly int _useCaseCount;
    private readonly int _maxMetrics;
    private readonly double[] _useCaseWeights;
    private readonly double _licenseWeight;
    private readonly double _engagementWeight;

    public ScoringEngine(ScoringModel model)
    {
        _model = model;
        _useCaseCount = model.UseCases.Count;
        _maxMetrics = model.UseCases.Max(u => u.Metrics.Count);
        _useCaseWeights = model.UseCases.Select(u => model.ProductUsageWeights.TryGetValue(u.Id, out var w) ? w : 0).ToArray();
        _licenseWeight = model.ProductUsageWeights.TryGetValue("license_utilization", out var lw) ? lw : 0;
        _engagementWeight = model.ProductUsageWeights.TryGetValue("engagement", out var ew) ? ew : 0;
    }

    public ScoringModel Model => _model;

    public AccountScore Score(AccountInput account, DateOnly asOf)
    {
        // Subscriptions in ordinal id order: the weighted sums are accumulated in that order (spec 4.3).
        var subscriptions = account.Subscriptions.ToArray();
        if (subscriptions.Length > 1)
        {
            Array.Sort(subscriptions, static (a, b) => string.CompareOrdinal(a.SubscriptionId, b.SubscriptionId));
        }

        decimal arr = 0;
        var primaries = new UsageSnapshot?[subscriptions.Length];
        DateOnly? dataAsOf = null;
        var hadRows = false;
        var anyFresh = false;
        for (var s = 0; s < subscriptions.Length; s++)
        {
            arr += subscriptions[s].Arr;
            primaries[s] = PrimaryInstance(subscriptions[s].Usage, asOf, ref hadRows, ref anyFresh);
            if (primaries[s] is { } p && (dataAsOf is null || p.SnapshotDate > dataAsOf))
            {
                dataAsOf = p.SnapshotDate;
            }
        }

        var useCases = new UseCaseResult[_useCaseCount];
        var green = 0;
        var known = 0;
        var productUsageSum = 0.0;
        var productUsageWeight = 0.0;
        for (var u = 0; u < _useCaseCount; u++)
        {
            var result = ScoreUseCase(_model.UseCases[u], subscriptions, primaries);
            useCases[u] = result;
            if (result.Color != HealthColor.Unknown)
            {
                known++;
                if (result.Color == HealthColor.Green)
                {
                    green++;
                }

                productUsageSum += _useCaseWeights[u] * result.Score!.Value;
                productUsageWeight += _useCaseWeights[u];
            }
        }

        var license = LicenseUtilization(subscriptions, primaries, asOf);
        var engagement = Engagement(subscriptions, primaries);
        if (license.Points is { } licensePoints)
        {
            productUsageSum += _licenseWeight * licensePoints;
            productUsageWeight += _licenseWeight;
        }

        if (engagement.Points is { } engagementPoints)
        {
            productUsageSum += _engagementWeight * engagementPoints;
            productUsageWeight += _engagementWeight;
        }

        MeasureResult productUsage;
        if (productUsageWeight > 0)
        {
            var score = productUsageSum / productUsageWeight;
            productUsage = new MeasureResult("product_usage", score, _model.Band(score), score, "weighted mean of the measures' points; unknown measures' weight shared by the rest");
        }
        else
        {
            productUsage = new MeasureResult("product_usage", null, HealthColor.Unknown, null, "no measure is known");
        }

        int? adoption = known == 0 ? null : green;
        return new AccountScore(account.AccountId, asOf, _model.Version, arr, adoption, _model.LevelFor(adoption), useCases,
            license, engagement, productUsage, dataAsOf, Stale: hadRows && !anyFresh, _useCaseCount);
    }

    /// <summary>ARR by level (spec 6): all levels in model order; shares are fractions of total ARR.</summary>
    public static ArrKpi ComputeKpi(DateOnly asOf, IEnumerable<(decimal Arr, AdoptionLevel Level)> accounts, ScoringModel model)
    {
        var arr = new decimal[model.LevelLabels.Count];
        var counts = new int[model.LevelLabels.Count];
        decimal total = 0;
        foreach (var (accountArr, level) in accounts)
        {
            arr[level.Order] += accountArr;
            counts[level.Order]++;
            total += accountArr;
        }

        var levels = model.LevelLabels
            .Select((label, i) => new KpiLevel(label, arr[i], total == 0 ? 0 : (double)(arr[i] / total), counts[i]))
            .ToList();
        return new ArrKpi(asOf, total, levels);
    }

    // ---- spec 4.1-4.2: the primary instance of a subscription ----

    private UsageSnapshot? PrimaryInstance(IReadOnlyList<UsageSnapshot> rows, DateOnly asOf, ref bool hadRows, ref bool anyFresh)
    {
        UsageSnapshot? best = null;
        var billable = _model.IndexOfInput("billable_users");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.SnapshotDate > asOf || !IsScoredType(row.InstanceType))
            {
                continue;
            }

            // Only each instance's newest row counts; an older row of the same instance is skipped.
            if (HasNewerRow(rows, i, asOf))
            {
                continue;
            }

            hadRows = true;
            if (asOf.DayNumber - row.SnapshotDate.DayNumber > _model.StalenessDays)
            {
                continue;
            }

            anyFresh = true;
            if (best is null || Ranks(row, best, billable))
            {
                best = row;
            }
        }

        return best;
    }

    private static bool HasNewerRow(IReadOnlyList<UsageSnapshot> rows, int index, DateOnly asOf)
    {
        var row = rows[index];
        for (var j = 0; j < rows.Count; j++)
        {
            var other = rows[j];
            if (j != index && other.SnapshotDate <= asOf && string.Equals(other.InstanceId, row.InstanceId, StringComparison.Ordinal)
                && (other.SnapshotDate > row.SnapshotDate || (other.SnapshotDate == row.SnapshotDate && j > index)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>More billable users wins (unknown ranks below every known); then the later snapshot; then the ordinally smaller id.</summary>
    private static bool Ranks(UsageSnapshot candidate, UsageSnapshot best, int billable)
    {
        var a = billable >= 0 ? candidate.Values[billable] : null;
        var b = billable >= 0 ? best.Values[billable] : null;
        if (a.HasValue != b.HasValue)
        {
            return a.HasValue;
        }

        if (a.HasValue && a.Value != b!.Value)
        {
            return a.Value > b.Value;
        }

        if (candidate.SnapshotDate != best.SnapshotDate)
        {
            return candidate.SnapshotDate > best.SnapshotDate;
        }

        return string.CompareOrdinal(candidate.InstanceId, best.InstanceId) < 0;
    }

    private bool IsScoredType(string type)
    {
        foreach (var scored in _model.ScoredInstanceTypes)
        {
            if (string.Equals(scored, type, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // ---- spec 2-3: metric values, colors, points ----

    private static double? Sum(double?[] values, int[] columns)
    {
        var sum = 0.0;
        foreach (var c in columns)
        {
            if (values[c] is not { } v)
            {
                return null;
            }

            sum += v;
        }

        return sum;
    }

    internal static double? MetricValue(MetricDefinition metric, double?[] values)
    {
        if (metric.IsCount)
        {
            var count = 0;
            foreach (var c in metric.CountIndex)
            {
                if (values[c] is not { } v)
                {
                    return null;
                }

                if (v > 0)
                {
                    count++;
                }
            }

            return count;
        }

        return Ratio(values, metric.NumeratorIndex, metric.DenominatorIndex);
    }

    private static double? Ratio(double?[] values, int[] numerator, int[] denominator)
    {
        var d = Sum(values, denominator);
        if (d is not { } den || den == 0)
        {
            return null;
        }

        return Sum(values, numerator) is { } num ? num / den : null;
    }

    /// <summary>Mean points of the known metric colors, or null when all are unknown.</summary>
    private double? MeanPoints(ReadOnlySpan<HealthColor> colors)
    {
        var sum = 0.0;
        var n = 0;
        foreach (var color in colors)
        {
            if (color != HealthColor.Unknown)
            {
                sum += _model.PointsFor(color);
                n++;
            }
        }

        return n == 0 ? null : sum / n;
    }

    // ---- spec 4.3: from subscriptions to the account ----

    private UseCaseResult ScoreUseCase(UseCaseDefinition useCase, SubscriptionInput[] subscriptions, UsageSnapshot?[] primaries)
    {
        var metricCount = useCase.Metrics.Count;
        Span<double> weightSum = stackalloc double[metricCount];
        Span<double> valueSum = stackalloc double[metricCount];
        Span<double> plainSum = stackalloc double[metricCount];
        Span<int> counts = stackalloc int[metricCount];
        Span<HealthColor> colors = stackalloc HealthColor[_maxMetrics];
        weightSum.Clear();
        valueSum.Clear();
        plainSum.Clear();
        counts.Clear();
        double scoreWeight = 0, scoreSum = 0, scorePlain = 0;
        var scoreCount = 0;
        var applicable = false;
        var anyReporting = false;

        for (var s = 0; s < subscriptions.Length; s++)
        {
            if (primaries[s] is not { } primary)
            {
                continue;
            }

            anyReporting = true;
            if (!useCase.AppliesTo(subscriptions[s].Plan))
            {
                continue;
            }

            applicable = true;
            var weight = (double)subscriptions[s].Arr;
            for (var m = 0; m < metricCount; m++)
            {
                var value = MetricValue(useCase.Metrics[m], primary.Values);
                colors[m] = value is { } v ? useCase.Metrics[m].Thresholds.ColorOf(v) : HealthColor.Unknown;
                if (value is { } known)
                {
                    weightSum[m] += weight;
                    valueSum[m] += weight * known;
                    plainSum[m] += known;
                    counts[m]++;
                }
            }

            if (useCase.Rollup == RollupMode.Points && MeanPoints(colors[..metricCount]) is { } subscriptionScore)
            {
                scoreWeight += weight;
                scoreSum += weight * subscriptionScore;
                scorePlain += subscriptionScore;
                scoreCount++;
            }
        }

        // The account's value of each metric: ARR-weighted mean over the subscriptions where it is known
        // (plain mean where all those ARRs are 0). Under 'ratio' rollup these values decide the color.
        var metrics = new MetricResult[metricCount];
        var values = new double?[metricCount];
        for (var m = 0; m < metricCount; m++)
        {
            var definition = useCase.Metrics[m];
            double? value = counts[m] == 0 ? null : weightSum[m] > 0 ? valueSum[m] / weightSum[m] : plainSum[m] / counts[m];
            values[m] = value;
            colors[m] = value is { } v ? definition.Thresholds.ColorOf(v) : HealthColor.Unknown;
            metrics[m] = new MetricResult(definition.Id, definition.Name, value, colors[m], definition.Unit, definition.GreenText, definition.BandsText);
        }

        if (!applicable)
        {
            return new UseCaseResult(useCase.Id, useCase.Name, HealthColor.Unknown, null, NotApplicable: anyReporting, metrics, null);
        }

        double? score = useCase.Rollup == RollupMode.Ratio
            ? MeanPoints(colors[..metricCount])
            : scoreCount == 0 ? null : scoreWeight > 0 ? scoreSum / scoreWeight : scorePlain / scoreCount;
        var color = score is { } sc ? _model.Band(sc) : HealthColor.Unknown;
        var distance = color is HealthColor.Red or HealthColor.Yellow ? DistanceToGreen(useCase, values, colors[..metricCount]) : null;
        return new UseCaseResult(useCase.Id, useCase.Name, color, score, NotApplicable: false, metrics, distance);
    }

    // ---- spec 9: the smallest change of one known metric that turns the use case green ----

    private DistanceToGreen? DistanceToGreen(UseCaseDefinition useCase, double?[] values, ReadOnlySpan<HealthColor> colors)
    {
        DistanceToGreen? best = null;
        var bestRelative = double.MaxValue;
        Span<HealthColor> trial = stackalloc HealthColor[colors.Length];
        for (var m = 0; m < colors.Length; m++)
        {
            if (values[m] is not { } current || colors[m] == HealthColor.Green)
            {
                continue;
            }

            // Yellow may be enough (e.g. lifting the one red metric of three); otherwise the metric must reach green.
            colors.CopyTo(trial);
            var thresholds = useCase.Metrics[m].Thresholds;
            double target;
            string op;
            trial[m] = HealthColor.Yellow;
            if (colors[m] == HealthColor.Red && MeanPoints(trial) is { } withYellow && _model.Band(withYellow) == HealthColor.Green)
            {
                target = thresholds.Red.Threshold;
                op = thresholds.Red.Operator == ComparisonOperator.LessOrEqual ? ">" : ">=";
            }
            else
            {
                trial[m] = HealthColor.Green;
                if (MeanPoints(trial) is not { } withGreen || _model.Band(withGreen) != HealthColor.Green)
                {
                    continue;
                }

                target = thresholds.Green.Threshold;
                op = thresholds.Green.OperatorText;
            }

            var relative = Math.Abs(target - current) / Math.Max(Math.Abs(target), 1e-9);
            if (relative < bestRelative)
            {
                bestRelative = relative;
                var metric = useCase.Metrics[m];
                best = new DistanceToGreen(metric.Id, metric.Name, current, target, op,
                    $"{metric.Name} {Format(current, metric.Unit)} -> needs {op} {Format(target, metric.Unit)}");
            }
        }

        return best;
    }

    public static string Format(double value, string unit) => unit == "share"
        ? (value * 100).ToString(value * 100 >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + "%"
        : value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    // ---- spec 7: secondary measures ----

    private MeasureResult LicenseUtilization(SubscriptionInput[] subscriptions, UsageSnapshot?[] primaries, DateOnly asOf)
    {
        var value = WeightedRatio(_model.LicenseUtilization, subscriptions, primaries);
        if (value is not { } v)
        {
            return new MeasureResult("license_utilization", null, HealthColor.Unknown, null, "unknown (no billable or licensed users reported)");
        }

        // Tenure: the longest customer relationship among the account's subscriptions.
        DateOnly? since = null;
        foreach (var s in subscriptions)
        {
            if (s.CustomerSince is { } d && (since is null || d < since))
            {
                since = d;
            }
        }

        if (since is not { } start)
        {
            return new MeasureResult("license_utilization", v, HealthColor.Unknown, null, "not scored: customer_since unknown");
        }

        var months = MonthsBetween(start, asOf);
        var band = _model.TenureBands.First(b => b.Contains(Math.Max(months, 0)));
        if (band.Thresholds is null)
        {
            return new MeasureResult("license_utilization", v, HealthColor.Unknown, null, $"not scored during onboarding ({months} months as a customer)");
        }

        var color = band.Thresholds.ColorOf(v);
        var note = v >= _model.ExpansionSignalAtOrAbove ? "expansion signal"
            : v < _model.SeatReductionRiskBelow ? "seat-reduction risk"
            : string.Empty;
        return new MeasureResult("license_utilization", v, color, _model.PointsFor(color), note);
    }

    private MeasureResult Engagement(SubscriptionInput[] subscriptions, UsageSnapshot?[] primaries)
    {
        var value = WeightedRatio(_model.Engagement, subscriptions, primaries);
        if (value is not { } v)
        {
            return new MeasureResult("engagement", null, HealthColor.Unknown, null, "unknown");
        }

        var color = _model.EngagementThresholds.ColorOf(v);
        return new MeasureResult("engagement", v, color, _model.PointsFor(color), string.Empty);
    }

    private static double? WeightedRatio(RatioMeasure measure, SubscriptionInput[] subscriptions, UsageSnapshot?[] primaries)
    {
        double weightSum = 0, valueSum = 0, plainSum = 0;
        var count = 0;
        for (var s = 0; s < subscriptions.Length; s++)
        {
            if (primaries[s] is { } p && Ratio(p.Values, measure.NumeratorIndex, measure.DenominatorIndex) is { } v)
            {
                var weight = (double)subscriptions[s].Arr;
                weightSum += weight;
                valueSum += weight * v;
                plainSum += v;
                count++;
            }
        }

        return count == 0 ? null : weightSum > 0 ? valueSum / weightSum : plainSum / count;
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (a month counts once its day is reached).</summary>
    internal static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }
}
