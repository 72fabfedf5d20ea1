using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PlatformBot.Scoring;

/// <summary>
/// The Platform Adoption Score (scoring-methodology.md, sections 1-7 and 9). Pure and deterministic: no clock, no
/// I/O; the as-of date and every input arrive as arguments. Immutable and thread-safe: the model is compiled into
/// arrays once, here, and <see cref="Score"/> keeps its working state on the stack, so one instance serves every
/// thread. Budget: at least 500,000 typical accounts per second on one core (bench/PlatformBot.Benchmarks); the hot
/// path therefore avoids LINQ, interface enumerators, dictionaries and closures, and allocates only the results. Two
/// parts of the results are made when first read, because a bulk scoring run stores colors and scores and reads
/// neither: the text of a distance to green (<see cref="DistanceToGreen.Text"/>) and a use case's metric records
/// (<see cref="UseCaseResult.Metrics"/>). Both are the same, to the character and the bit, as when built at once.
/// </summary>
public sealed class ScoringEngine
{
    /// <summary>Accounts rarely have more subscriptions than this; more fall back to heap buffers.</summary>
    private const int InlineSubscriptions = 8;

    /// <summary>Use cases rarely have more metrics than this; more fall back to heap buffers.</summary>
    private const int InlineMetrics = 4;

    private const string ExpansionNote = "expansion signal";
    private const string SeatRiskNote = "seat-reduction risk";

    private readonly ScoringModel _model;
    private readonly CompiledUseCase[] _useCases;
    private readonly int _metricCount;
    private readonly int _columnCount;
    private readonly int _billable;
    private readonly string[] _scoredTypes;
    private readonly int _stalenessDays;
    private readonly double _redPoints;
    private readonly double _yellowPoints;
    private readonly double _greenPoints;
    private readonly bool _wholePoints;
    private readonly double _greenAbove;
    private readonly double _yellowAbove;
    private readonly int[] _licenseNumerator;
    private readonly int[] _licenseDenominator;
    private readonly int[] _engagementNumerator;
    private readonly int[] _engagementDenominator;
    private readonly Rule _engagementRule;
    private readonly TenureBand[] _tenure;
    private readonly Rule[] _tenureRules;
    private readonly double _expansionAtOrAbove;
    private readonly double _seatRiskBelow;
    private readonly double _licenseWeight;
    private readonly double _engagementWeight;

    // Results that do not depend on the input are built once; records are immutable, so sharing them is safe.
    private readonly MeasureResult _licenseUnknown;
    private readonly MeasureResult _engagementUnknown;
    private readonly MeasureResult _productUsageUnknown;

    public ScoringEngine(ScoringModel model)
        : this(model, wholePointShortcut: true)
    {
    }

    /// <param name="wholePointShortcut">False only in tests: always re-add a subscription's points metric by metric.</param>
    internal ScoringEngine(ScoringModel model, bool wholePointShortcut)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _columnCount = model.InputColumns.Count;
        _billable = model.IndexOfInput("billable_users");
        _scoredTypes = [.. model.ScoredInstanceTypes];
        _stalenessDays = model.StalenessDays;
        (_redPoints, _yellowPoints, _greenPoints) = model.Points;
        _wholePoints = wholePointShortcut && IsWhole(_redPoints) && IsWhole(_yellowPoints) && IsWhole(_greenPoints);
        (_greenAbove, _yellowAbove) = model.Bands;
        _licenseNumerator = model.LicenseUtilization.NumeratorIndex;
        _licenseDenominator = model.LicenseUtilization.DenominatorIndex;
        _engagementNumerator = model.Engagement.NumeratorIndex;
        _engagementDenominator = model.Engagement.DenominatorIndex;
        _engagementRule = new Rule(model.EngagementThresholds);
        _tenure = [.. model.TenureBands];
        _tenureRules = [.. model.TenureBands.Select(b => b.Thresholds is null ? default : new Rule(b.Thresholds))];
        _expansionAtOrAbove = model.ExpansionSignalAtOrAbove;
        _seatRiskBelow = model.SeatReductionRiskBelow;
        _licenseWeight = model.ProductUsageWeights.GetValueOrDefault("license_utilization");
        _engagementWeight = model.ProductUsageWeights.GetValueOrDefault("engagement");
        _useCases = new CompiledUseCase[model.UseCases.Count];
        for (var u = 0; u < _useCases.Length; u++)
        {
            var definition = model.UseCases[u];
            _useCases[u] = new CompiledUseCase(definition, model.ProductUsageWeights.GetValueOrDefault(definition.Id), _metricCount);
            _metricCount += definition.Metrics.Count;
        }

        _licenseUnknown = new MeasureResult("license_utilization", null, HealthColor.Unknown, null, "unknown (no billable or licensed users reported)");
        _engagementUnknown = new MeasureResult("engagement", null, HealthColor.Unknown, null, "unknown (no active or billable users reported)");
        _productUsageUnknown = new MeasureResult("product_usage", null, HealthColor.Unknown, null, "no measure is known");
    }

    public ScoringModel Model => _model;

    /// <summary>A whole number of points small enough that sums of up to 64 of them (a use case's metrics) are exact.</summary>
    private static bool IsWhole(double points) => Math.Abs(points) <= (1 << 20) && Math.Floor(points) == points;

    public AccountScore Score(AccountInput account, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(account);
        var input = account.Subscriptions;
        var count = input.Count;

        // Subscriptions in ordinal id order: the weighted sums are accumulated in that order (spec 4.3), so the
        // floating-point result does not depend on the order the caller happened to read them in.
        var subscriptionBuffer = default(SubscriptionBuffer);
        var primaryBuffer = default(SnapshotBuffer);
        Span<SubscriptionInput?> subscriptions = count <= InlineSubscriptions ? subscriptionBuffer[..count] : new SubscriptionInput?[count];
        Span<UsageSnapshot?> primaries = count <= InlineSubscriptions ? primaryBuffer[..count] : new UsageSnapshot?[count];
        Span<double> weights = count <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[count];
        SortById(input, subscriptions);

        decimal arr = 0;
        DateOnly? dataAsOf = null;
        for (var s = 0; s < count; s++)
        {
            var subscription = subscriptions[s]!;
            arr += subscription.Arr;

            // A negative ARR (a credit) cannot weigh a mean; it counts in the account's ARR only (decision).
            weights[s] = subscription.Arr > 0 ? (double)subscription.Arr : 0;
            var primary = PrimaryInstance(subscription.Usage, asOf);
            primaries[s] = primary;
            if (primary is not null && (dataAsOf is null || primary.SnapshotDate > dataAsOf.Value))
            {
                dataAsOf = primary.SnapshotDate;
            }
        }

        var stale = dataAsOf is null && HasScoredRows(subscriptions, asOf);
        var useCases = new UseCaseResult[_useCases.Length];
        double[]? metricValues = null;
        var green = 0;
        var known = 0;
        var productUsageSum = 0.0;
        var productUsageWeight = 0.0;
        for (var u = 0; u < _useCases.Length; u++)
        {
            var result = ScoreUseCase(_useCases[u], subscriptions, primaries, weights, ref metricValues);
            useCases[u] = result;
            if (result.Score is { } score)
            {
                known++;
                if (result.Color == HealthColor.Green)
                {
                    green++;
                }

                productUsageSum += _useCases[u].Weight * score;
                productUsageWeight += _useCases[u].Weight;
            }
        }

        var license = LicenseUtilization(subscriptions, primaries, weights, asOf);
        if (license.Points is { } licensePoints)
        {
            productUsageSum += _licenseWeight * licensePoints;
            productUsageWeight += _licenseWeight;
        }

        var engagement = Engagement(primaries, weights);
        if (engagement.Points is { } engagementPoints)
        {
            productUsageSum += _engagementWeight * engagementPoints;
            productUsageWeight += _engagementWeight;
        }

        // Dividing by the known weights only is what hands an unknown measure's weight to the others in proportion.
        MeasureResult productUsage;
        if (productUsageWeight > 0)
        {
            var score = productUsageSum / productUsageWeight;
            productUsage = new MeasureResult("product_usage", score, Band(score), score, "weighted mean of the known measures' points; unknown measures' weight goes to the others");
        }
        else
        {
            productUsage = _productUsageUnknown;
        }

        int? adoption = known == 0 ? null : green;
        return new AccountScore(account.AccountId, asOf, _model.Version, arr, adoption, _model.LevelFor(adoption), useCases,
            license, engagement, productUsage, dataAsOf, stale, _useCases.Length);
    }

    /// <summary>
    /// A metric value in its unit: shares as percentages with up to one decimal ("33%", "11.9%": whole percents would
    /// show 11.9% as "12% -> needs > 12%"), counts with up to two decimals below 100.
    /// </summary>
    public static string Format(double value, string unit) => unit == "share"
        ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
        : value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary><see cref="Format"/> without the intermediate string (one allocation less per distance text).</summary>
    private static bool TryFormat(double value, string unit, Span<char> destination, out int written)
    {
        if (unit != "share")
        {
            return value.TryFormat(destination, out written, Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
        }

        var percent = value * 100;
        if (!percent.TryFormat(destination, out written, "0.#", CultureInfo.InvariantCulture) || written >= destination.Length)
        {
            return false;
        }

        destination[written++] = '%';
        return true;
    }

    /// <summary>A metric's value on one usage row (null = unknown), exactly as the engine computes it.</summary>
    internal static double? MetricValue(MetricDefinition metric, double?[] values)
    {
        var value = metric.IsCount ? CountPositive(values, metric.CountIndex) : Ratio(values, metric.NumeratorIndex, metric.DenominatorIndex);
        return double.IsNaN(value) ? null : value;
    }

    /// <summary>
    /// Whole months from <paramref name="from"/> to <paramref name="to"/>: the largest n with from + n months &lt;= to,
    /// where adding months clamps to the end of a shorter month (Jan 31 + 1 month = Feb 28), so a customer since
    /// Jan 31 has one month on Feb 28.
    /// </summary>
    internal static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (to.Day < from.Day && to.Day < DateTime.DaysInMonth(to.Year, to.Month))
        {
            months--;
        }

        return months;
    }

    // ---- spec 4.1-4.2: the primary instance of a subscription ----

    private static void SortById(IReadOnlyList<SubscriptionInput> input, Span<SubscriptionInput?> sorted)
    {
        // Insertion sort: one to three subscriptions is the norm, and it is stable for duplicate ids (decision: input order).
        for (var i = 0; i < sorted.Length; i++)
        {
            var item = input[i] ?? throw new ArgumentException("An account lists a null subscription.", nameof(input));
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(sorted[j]!.SubscriptionId, item.SubscriptionId) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = item;
        }
    }

    /// <summary>
    /// The subscription's primary instance row: among the instances whose latest row on or before the as-of date is
    /// fresh and of a scored type, the one with the most billable users (unknown below every known count), then the
    /// later snapshot, then the ordinally smaller instance id. An instance whose latest row is stale or of another
    /// type is out, even when an older row of it would qualify (its latest row is what it is now).
    /// </summary>
    private UsageSnapshot? PrimaryInstance(IReadOnlyList<UsageSnapshot> usage, DateOnly asOf)
    {
        // The store and the tests hand over lists and arrays; read those without an interface call per row.
        ReadOnlySpan<UsageSnapshot> rows = usage switch
        {
            UsageSnapshot[] array => array,
            List<UsageSnapshot> list => CollectionsMarshal.AsSpan(list),
            _ => [.. usage],
        };

        // The dates side by side first: the latest-row test below compares every pair of rows by date, and only
        // rows of a later (or the same) date by instance id.
        var newest = asOf.DayNumber;
        var oldest = newest - _stalenessDays; // exactly 60 days old is still fresh; 61 is stale
        Span<int> days = rows.Length <= 32 ? stackalloc int[32] : new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            days[i] = rows[i].SnapshotDate.DayNumber;
        }

        UsageSnapshot? best = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var day = days[i];
            if (day > newest || day < oldest)
            {
                continue;
            }

            // The values array is the costly touch (its own cache lines, a DRAM miss per row in a large batch), so the
            // instance history is settled first from dates and ids: only each instance's latest row reads its values.
            var row = rows[i];
            if (!IsScoredType(row.InstanceType) || !IsLatestOfInstance(rows, days, i, newest))
            {
                continue;
            }

            CheckWidth(row);
            if (best is null || Outranks(row, best))
            {
                best = row;
            }
        }

        return best;
    }

    /// <summary>True when no other row of the same instance on or before the as-of date is newer (same date: a later row in the list wins).</summary>
    private static bool IsLatestOfInstance(ReadOnlySpan<UsageSnapshot> rows, ReadOnlySpan<int> days, int index, int newestDay)
    {
        var row = rows[index];
        var day = days[index];
        for (var j = 0; j < rows.Length; j++)
        {
            var otherDay = days[j];
            if (j == index || otherDay > newestDay || otherDay < day || (otherDay == day && j < index))
            {
                continue;
            }

            if (SameInstance(rows[j], row))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameInstance(UsageSnapshot a, UsageSnapshot b) =>
        ReferenceEquals(a.InstanceId, b.InstanceId) || string.Equals(a.InstanceId, b.InstanceId, StringComparison.Ordinal);

    private void CheckWidth(UsageSnapshot row)
    {
        if (row.Values is null || row.Values.Length != _columnCount)
        {
            throw new ArgumentException(
                $"Usage row of instance '{row.InstanceId}' on {row.SnapshotDate:yyyy-MM-dd} has {row.Values?.Length ?? 0} values; scoring model {_model.Version} has {_columnCount} input columns.");
        }
    }

    /// <summary>True when no other row of the same instance on or before the as-of date is newer (same date: a later row in the list wins).</summary>
    private static bool IsLatestOfInstance(IReadOnlyList<UsageSnapshot> rows, int index, int newestDay)
    {
        var row = rows[index];
        var day = row.SnapshotDate.DayNumber;
        for (var j = 0; j < rows.Count; j++)
        {
            if (j == index)
            {
                continue;
            }

            var other = rows[j];
            var otherDay = other.SnapshotDate.DayNumber;
            if (otherDay > newestDay || otherDay < day || (otherDay == day && j < index))
            {
                continue;
            }

            if (SameInstance(other, row))
            {
                return false;
            }
        }

        return true;
    }

    private bool Outranks(UsageSnapshot candidate, UsageSnapshot best)
    {
        var a = _billable >= 0 ? candidate.Values[_billable] : null;
        var b = _billable >= 0 ? best.Values[_billable] : null;
        var aKnown = a.HasValue && !double.IsNaN(a.GetValueOrDefault());
        var bKnown = b.HasValue && !double.IsNaN(b.GetValueOrDefault());
        if (aKnown != bKnown)
        {
            return aKnown;
        }

        if (aKnown && a.GetValueOrDefault() != b.GetValueOrDefault())
        {
            return a.GetValueOrDefault() > b.GetValueOrDefault();
        }

        if (candidate.SnapshotDate != best.SnapshotDate)
        {
            return candidate.SnapshotDate > best.SnapshotDate;
        }

        return string.CompareOrdinal(candidate.InstanceId, best.InstanceId) < 0;
    }

    private bool IsScoredType(string? type)
    {
        foreach (var scored in _scoredTypes)
        {
            // Ordinal first: the usual case ("production" as stored) is an exact match and cheaper than ignoring case.
            if (string.Equals(scored, type, StringComparison.Ordinal) || string.Equals(scored, type, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only asked when no subscription has a primary instance: did the account report at all (so it is stale, not silent)?</summary>
    private bool HasScoredRows(ReadOnlySpan<SubscriptionInput?> subscriptions, DateOnly asOf)
    {
        var newest = asOf.DayNumber;
        foreach (var subscription in subscriptions)
        {
            var rows = subscription!.Usage;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].SnapshotDate.DayNumber <= newest && IsScoredType(rows[i].InstanceType) && IsLatestOfInstance(rows, i, newest))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // ---- spec 2-3: metric values, colors, points ----

    /// <summary>Sum of columns; NaN (unknown) when any is unknown. A NaN input stays NaN, so it is unknown too.</summary>
    private static double Sum(double?[] values, int[] columns)
    {
        var sum = 0.0;
        foreach (var c in columns)
        {
            var v = values[c];
            if (!v.HasValue)
            {
                return double.NaN;
            }

            sum += v.GetValueOrDefault();
        }

        return sum;
    }

    private static double Ratio(double?[] values, int[] numerator, int[] denominator)
    {
        // Most ratios are one column over another: read those without the loop.
        var d = denominator.Length == 1 ? Cell(values, denominator[0]) : Sum(values, denominator);
        return double.IsNaN(d) || d == 0 ? double.NaN : (numerator.Length == 1 ? Cell(values, numerator[0]) : Sum(values, numerator)) / d;
    }

    /// <summary><see cref="Sum"/> of one column, to the bit: 0.0 + v, so a -0 cell sums to +0 as it does there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Cell(double?[] values, int column)
    {
        var v = values[column];
        return v.HasValue ? 0.0 + v.GetValueOrDefault() : double.NaN;
    }

    private static double CountPositive(double?[] values, int[] columns)
    {
        var count = 0;
        foreach (var c in columns)
        {
            var v = values[c];
            if (!v.HasValue || double.IsNaN(v.GetValueOrDefault()))
            {
                return double.NaN;
            }

            if (v.GetValueOrDefault() > 0)
            {
                count++;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double PointsOf(HealthColor color) => color switch
    {
        HealthColor.Green => _greenPoints,
        HealthColor.Yellow => _yellowPoints,
        _ => _redPoints,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private HealthColor Band(double score) => score > _greenAbove ? HealthColor.Green : score > _yellowAbove ? HealthColor.Yellow : HealthColor.Red;

    /// <summary>
    /// sum(ARR x value) / sum(ARR), or the plain mean when every ARR is 0 (spec 4.3). One contributor gives its own
    /// value untouched: w x v / w can differ from v in the last bit and flip a color at an exact threshold, and a
    /// single-subscription account must get exactly its primary instance's colors (spec 4.4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WeightedMean(double weightSum, double weightedSum, double plainSum, int count, double only) =>
        count == 1 ? only : weightSum > 0 ? weightedSum / weightSum : plainSum / count;

    // ---- spec 4.3: from subscriptions to the account ----

    /// <param name="accountValues">The account's rolled-up metric values, every use case's at its offset; made by the first use case with data.</param>
    private UseCaseResult ScoreUseCase(CompiledUseCase useCase, ReadOnlySpan<SubscriptionInput?> subscriptions, ReadOnlySpan<UsageSnapshot?> primaries,
        ReadOnlySpan<double> weights, ref double[]? accountValues)
    {
        var metrics = useCase.Metrics;
        var metricCount = metrics.Length;
        Span<MetricSums> sums = metricCount <= InlineMetrics ? stackalloc MetricSums[InlineMetrics] : new MetricSums[metricCount];
        sums = sums[..metricCount]; // zeroed: stackalloc under localsinit (the C# default) and new arrays both are
        double scoreWeight = 0, scoreWeighted = 0, scorePlain = 0, scoreOnly = 0;
        var scoreCount = 0;
        var applicable = false;
        var anyKnown = false;
        var points = useCase.Rollup == RollupMode.Points;

        // 'points' over several subscriptions may need each contributing subscription's metric values and colors for
        // the distance to green (spec 9); they are kept here, row k for the k-th contributing subscription.
        var bySubscription = points && subscriptions.Length > 1;
        var size = bySubscription ? subscriptions.Length * metricCount : 0;
        Span<double> subscriptionValues = !bySubscription ? [] : size <= 32 ? stackalloc double[32] : new double[size];
        Span<HealthColor> subscriptionColors = !bySubscription ? [] : size <= 32 ? stackalloc HealthColor[32] : new HealthColor[size];
        Span<double> subscriptionWeights = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[subscriptions.Length];
        Span<double> subscriptionPoints = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[subscriptions.Length];
        Span<int> subscriptionKnown = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc int[InlineSubscriptions] : new int[subscriptions.Length];

        for (var s = 0; s < subscriptions.Length; s++)
        {
            if (!useCase.AppliesTo(subscriptions[s]!.Plan))
            {
                continue;
            }

            applicable = true;
            if (primaries[s] is not { } primary)
            {
                continue;
            }

            var values = primary.Values;
            var weight = weights[s];
            var pointSum = 0.0;
            var known = 0;
            var row = bySubscription ? scoreCount * metricCount : 0;
            for (var m = 0; m < metricCount; m++)
            {
                var value = metrics[m].Value(values);
                if (double.IsNaN(value))
                {
                    if (bySubscription)
                    {
                        subscriptionValues[row + m] = value;
                        subscriptionColors[row + m] = HealthColor.Unknown;
                    }

                    continue;
                }

                ref var sum = ref sums[m];
                sum.WeightSum += weight;
                sum.WeightedSum += weight * value;
                sum.PlainSum += value;
                sum.Only = value;
                sum.Count++;
                var color = metrics[m].Rule.ColorOf(value);
                pointSum += PointsOf(color);
                known++;
                if (bySubscription)
                {
                    subscriptionValues[row + m] = value;
                    subscriptionColors[row + m] = color;
                }
            }

            if (known > 0)
            {
                anyKnown = true;
                if (points)
                {
                    var subscriptionScore = pointSum / known;
                    if (bySubscription)
                    {
                        subscriptionWeights[scoreCount] = weight;
                        subscriptionPoints[scoreCount] = pointSum;
                        subscriptionKnown[scoreCount] = known;
                    }

                    scoreWeight += weight;
                    scoreWeighted += weight * subscriptionScore;
                    scorePlain += subscriptionScore;
                    scoreOnly = subscriptionScore;
                    scoreCount++;
                }
            }
        }

        // Security on an account without an ultimate subscription is "not in plan", not "no data" (and never red).
        if (!applicable)
        {
            return useCase.NotApplicable;
        }

        if (!anyKnown)
        {
            return useCase.NoData;
        }

        // The account's value of each metric: the ARR-weighted mean over the subscriptions where it is known. Under
        // 'ratio' rollup these values decide the color; under 'points' they are shown, and the per-subscription
        // scores decide.
        accountValues ??= new double[_metricCount];
        var knownMetrics = 0UL; // bit m: metric m is known (a use case has at most 64 metrics, ModelValidator)
        var rolledPoints = 0.0;
        var rolledKnown = 0;
        for (var m = 0; m < metricCount; m++)
        {
            ref var sum = ref sums[m];
            if (sum.Count == 0)
            {
                sum.Value = double.NaN;
                sum.Color = HealthColor.Unknown;
                continue;
            }

            var value = WeightedMean(sum.WeightSum, sum.WeightedSum, sum.PlainSum, sum.Count, sum.Only);
            var color = metrics[m].Rule.ColorOf(value);
            sum.Value = value;
            sum.Color = color;
            rolledPoints += PointsOf(color);
            rolledKnown++;
            accountValues[useCase.FirstMetric + m] = value;
            knownMetrics |= 1UL << m;
        }

        var results = new MetricResults(useCase, accountValues, knownMetrics);
        var score = points ? WeightedMean(scoreWeight, scoreWeighted, scorePlain, scoreCount, scoreOnly) : rolledPoints / rolledKnown;
        var useCaseColor = Band(score);
        if (useCaseColor == HealthColor.Green)
        {
            return new UseCaseResult(useCase.Id, useCase.Name, useCaseColor, score, NotApplicable: false, results, DistanceToGreen: null);
        }

        var distance = points && scoreCount > 1
            ? DistanceBySubscription(useCase, sums, new SubscriptionRows(subscriptionValues, subscriptionColors, subscriptionWeights[..scoreCount], subscriptionPoints, subscriptionKnown))
            : DistanceOne(useCase, sums);
        return new UseCaseResult(useCase.Id, useCase.Name, useCaseColor, score, NotApplicable: false, results, distance)
        {
            DistanceToGreenNote = distance is null ? useCase.NoSingleMetricNote : null,
        };
    }

    // ---- spec 9: the smallest change of one known metric that turns the use case green ----
    // "Smallest" is relative: the shortfall (target - current) as a share of the target, so metrics in different
    // units compare (decision). A red metric first tries reaching yellow (often enough when the others are green),
    // then green. Ties keep the metric listed first in the model.

    /// <summary>One set of metric values decides the color: 'ratio' rollup (the rolled-up values) or a single reporting subscription.</summary>
    private DistanceToGreen? DistanceOne(CompiledUseCase useCase, ReadOnlySpan<MetricSums> rolled)
    {
        var metrics = useCase.Metrics;
        var basePoints = 0.0;
        var known = 0;
        foreach (ref readonly var metric in rolled)
        {
            if (metric.Color != HealthColor.Unknown)
            {
                basePoints += PointsOf(metric.Color);
                known++;
            }
        }

        var bestMetric = -1;
        var bestTarget = HealthColor.Unknown;
        var bestShortfall = double.MaxValue;
        for (var m = 0; m < metrics.Length; m++)
        {
            var color = rolled[m].Color;
            if (color is HealthColor.Unknown or HealthColor.Green)
            {
                continue;
            }

            var target = color == HealthColor.Red && Band((basePoints - _redPoints + _yellowPoints) / known) == HealthColor.Green
                ? HealthColor.Yellow
                : Band((basePoints - PointsOf(color) + _greenPoints) / known) == HealthColor.Green ? HealthColor.Green : HealthColor.Unknown;
            if (target == HealthColor.Unknown)
            {
                continue;
            }

            var shortfall = metrics[m].Shortfall(rolled[m].Value, target);
            if (shortfall < bestShortfall)
            {
                (bestMetric, bestTarget, bestShortfall) = (m, target, shortfall);
            }
        }

        return bestMetric < 0 ? null : metrics[bestMetric].Distance(rolled[bestMetric].Value, bestTarget, eachSubscription: false);
    }

    /// <summary>
    /// 'points' rollup over several subscriptions: the account turns green when the metric reaches the target in each
    /// subscription where it is below (and known), the per-subscription scores re-averaged by ARR. The shortfall is the
    /// ARR-weighted mean of the subscriptions' shortfalls; the text says "in each subscription".
    /// </summary>
    private DistanceToGreen? DistanceBySubscription(CompiledUseCase useCase, ReadOnlySpan<MetricSums> rolled, SubscriptionRows rows)
    {
        var metrics = useCase.Metrics;
        var metricCount = metrics.Length;
        var values = rows.Values;
        var colors = rows.Colors;
        var weights = rows.Weights;
        var k = weights.Length;
        var bestMetric = -1;
        var bestTarget = HealthColor.Unknown;
        var bestShortfall = double.MaxValue;
        for (var m = 0; m < metricCount; m++)
        {
            if (double.IsNaN(rolled[m].Value))
            {
                continue;
            }

            var anyRed = false;
            var anyBelowGreen = false;
            for (var i = 0; i < k; i++)
            {
                var color = colors[(i * metricCount) + m];
                if (color != HealthColor.Unknown)
                {
                    anyRed |= color == HealthColor.Red;
                    anyBelowGreen |= color != HealthColor.Green;
                }
            }

            if (!anyBelowGreen)
            {
                continue;
            }

            var target = anyRed && TurnsGreen(rows, metricCount, m, HealthColor.Yellow) ? HealthColor.Yellow
                : TurnsGreen(rows, metricCount, m, HealthColor.Green) ? HealthColor.Green
                : HealthColor.Unknown;
            if (target == HealthColor.Unknown)
            {
                continue;
            }

            double weightSum = 0, weightedSum = 0, plainSum = 0, only = 0;
            var count = 0;
            for (var i = 0; i < k; i++)
            {
                var v = values[(i * metricCount) + m];
                if (!double.IsNaN(v))
                {
                    var shortfall = metrics[m].Shortfall(v, target);
                    weightSum += weights[i];
                    weightedSum += weights[i] * shortfall;
                    plainSum += shortfall;
                    only = shortfall;
                    count++;
                }
            }

            var mean = WeightedMean(weightSum, weightedSum, plainSum, count, only);
            if (mean < bestShortfall)
            {
                (bestMetric, bestTarget, bestShortfall) = (m, target, mean);
            }
        }

        return bestMetric < 0 ? null : metrics[bestMetric].Distance(rolled[bestMetric].Value, bestTarget, eachSubscription: true);
    }

    /// <summary>Would the use case be green if metric <paramref name="lifted"/> were at least <paramref name="target"/> in every subscription?</summary>
    private bool TurnsGreen(SubscriptionRows rows, int metricCount, int lifted, HealthColor target)
    {
        var colors = rows.Colors;
        var weights = rows.Weights;
        double weightSum = 0, weightedSum = 0, plainSum = 0, only = 0;
        var count = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            double pointSum;
            int known;
            if (_wholePoints)
            {
                // Whole points add up exactly in any order, so the subscription's point sum with the lifted metric's
                // points swapped is, to the bit, the sum taken again over its metrics in order (the loop below).
                pointSum = rows.Points[i];
                known = rows.Known[i];
                var color = colors[(i * metricCount) + lifted];
                if (color != HealthColor.Unknown && color < target)
                {
                    pointSum = pointSum - PointsOf(color) + PointsOf(target);
                }
            }
            else
            {
                pointSum = 0.0;
                known = 0;
                for (var m = 0; m < metricCount; m++)
                {
                    var color = colors[(i * metricCount) + m];
                    if (color == HealthColor.Unknown)
                    {
                        continue;
                    }

                    if (m == lifted && color < target)
                    {
                        color = target;
                    }

                    pointSum += PointsOf(color);
                    known++;
                }
            }

            var score = pointSum / known;
            weightSum += weights[i];
            weightedSum += weights[i] * score;
            plainSum += score;
            only = score;
            count++;
        }

        return Band(WeightedMean(weightSum, weightedSum, plainSum, count, only)) == HealthColor.Green;
    }

    // ---- spec 7: secondary measures ----

    private MeasureResult LicenseUtilization(ReadOnlySpan<SubscriptionInput?> subscriptions, ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights, DateOnly asOf)
    {
        var value = WeightedRatio(primaries, weights, _licenseNumerator, _licenseDenominator);
        if (double.IsNaN(value))
        {
            return _licenseUnknown;
        }

        // Tenure: the account's longest customer relationship, i.e. the earliest customer_since of its subscriptions (decision).
        DateOnly? since = null;
        foreach (var subscription in subscriptions)
        {
            if (subscription!.CustomerSince is { } d && (since is null || d < since.Value))
            {
                since = d;
            }
        }

        // The expansion signal holds at any tenure; the seat-reduction risk only outside onboarding (spec 7).
        var expansion = value >= _expansionAtOrAbove;
        if (since is not { } start)
        {
            return new MeasureResult("license_utilization", value, HealthColor.Unknown, null,
                expansion ? ExpansionNote + "; not scored: customer_since unknown" : "not scored: customer_since unknown");
        }

        var months = Math.Max(MonthsBetween(start, asOf), 0);
        var band = _tenure.Length - 1;
        for (var i = 0; i < _tenure.Length; i++)
        {
            if (_tenure[i].Contains(months))
            {
                band = i;
                break;
            }
        }

        if (_tenure[band].Thresholds is null)
        {
            var onboarding = string.Create(CultureInfo.InvariantCulture, $"not scored during onboarding ({months} {(months == 1 ? "month" : "months")} as a customer)");
            return new MeasureResult("license_utilization", value, HealthColor.Unknown, null, expansion ? ExpansionNote + "; " + onboarding : onboarding);
        }

        var color = _tenureRules[band].ColorOf(value);
        var note = expansion ? ExpansionNote : value < _seatRiskBelow ? SeatRiskNote : string.Empty;
        return new MeasureResult("license_utilization", value, color, PointsOf(color), note);
    }

    private MeasureResult Engagement(ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights)
    {
        var value = WeightedRatio(primaries, weights, _engagementNumerator, _engagementDenominator);
        if (double.IsNaN(value))
        {
            return _engagementUnknown;
        }

        var color = _engagementRule.ColorOf(value);
        return new MeasureResult("engagement", value, color, PointsOf(color), string.Empty);
    }

    private static double WeightedRatio(ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights, int[] numerator, int[] denominator)
    {
        double weightSum = 0, weightedSum = 0, plainSum = 0, only = double.NaN;
        var count = 0;
        for (var s = 0; s < primaries.Length; s++)
        {
            if (primaries[s] is not { } primary)
            {
                continue;
            }

            var v = Ratio(primary.Values, numerator, denominator);
            if (!double.IsNaN(v))
            {
                weightSum += weights[s];
                weightedSum += weights[s] * v;
                plainSum += v;
                only = v;
                count++;
            }
        }

        return count == 0 ? double.NaN : WeightedMean(weightSum, weightedSum, plainSum, count, only);
    }

    // ---- the compiled model ----

    /// <summary>A metric's thresholds as plain fields: the color test is two comparisons, no switch over operators.</summary>
    private readonly struct Rule
    {
        private readonly double _red;
        private readonly double _green;
        private readonly bool _redInclusive;
        private readonly bool _greenInclusive;

        public Rule(Thresholds thresholds)
        {
            _red = thresholds.Red.Threshold;
            _redInclusive = thresholds.Red.Operator == ComparisonOperator.LessOrEqual;
            _green = thresholds.Green.Threshold;
            _greenInclusive = thresholds.Green.Operator == ComparisonOperator.GreaterOrEqual;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public HealthColor ColorOf(double value) =>
            (_redInclusive ? value <= _red : value < _red) ? HealthColor.Red
            : (_greenInclusive ? value >= _green : value > _green) ? HealthColor.Green
            : HealthColor.Yellow;
    }

    private sealed class CompiledMetric
    {
        private readonly int[] _numerator;
        private readonly int[] _denominator;
        private readonly int[] _count;
        private readonly bool _isCount;
        private readonly Target _yellow;
        private readonly Target _green;

        public CompiledMetric(MetricDefinition definition)
        {
            Definition = definition;
            _numerator = definition.NumeratorIndex;
            _denominator = definition.DenominatorIndex;
            _count = definition.CountIndex;
            _isCount = definition.IsCount;
            Rule = new Rule(definition.Thresholds);
            Unknown = new MetricResult(definition.Id, definition.Name, null, HealthColor.Unknown, definition.Unit, definition.GreenText, definition.BandsText);
            var prefix = definition.Name + " ";

            // Leaving red means passing the red threshold with the opposite operator: red "<= 2" -> needs "> 2".
            var red = definition.Thresholds.Red;
            _yellow = new Target(definition, prefix, red.Threshold, red.Operator == ComparisonOperator.LessOrEqual ? ">" : ">=");
            var green = definition.Thresholds.Green;
            _green = new Target(definition, prefix, green.Threshold, green.OperatorText);
        }

        public MetricDefinition Definition { get; }
        public Rule Rule { get; }
        public MetricResult Unknown { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Value(double?[] values) => _isCount ? CountPositive(values, _count) : Ratio(values, _numerator, _denominator);

        public double Shortfall(double value, HealthColor target)
        {
            var threshold = target == HealthColor.Yellow ? _yellow.Threshold : _green.Threshold;
            var gap = Math.Max(threshold - value, 0);
            return threshold == 0 ? gap : gap / Math.Abs(threshold);
        }

        public DistanceToGreen Distance(double current, HealthColor target, bool eachSubscription)
        {
            var t = target == HealthColor.Yellow ? _yellow : _green;
            return new DistanceToGreen(Definition.Id, Definition.Name, current, t.Threshold, t.Operator, eachSubscription ? t.TextEach : t.Text);
        }

        private sealed class Target(MetricDefinition definition, string prefix, double threshold, string op)
        {
            public double Threshold { get; } = threshold;
            public string Operator { get; } = op;
            public DistanceText Text { get; } = new(prefix, definition.Unit, $" -> needs {op} {Format(threshold, definition.Unit)}");
            public DistanceText TextEach { get; } = new(prefix, definition.Unit, $" -> needs {op} {Format(threshold, definition.Unit)} in each subscription");
        }
    }

    /// <summary>
    /// The text of a distance to green, "{metric name} {current value} -> needs {operator} {target}[ in each
    /// subscription]", formatted only when <see cref="DistanceToGreen.Text"/> is read. Immutable, shared by every result.
    /// </summary>
    internal sealed class DistanceText(string prefix, string unit, string suffix)
    {
        public string Format(double current)
        {
            Span<char> number = stackalloc char[64];
            return TryFormat(current, unit, number, out var written)
                ? string.Concat(prefix, number[..written], suffix)
                : string.Concat(prefix, ScoringEngine.Format(current, unit), suffix);
        }
    }

    private sealed class CompiledUseCase
    {
        private readonly string[] _plans;

        public CompiledUseCase(UseCaseDefinition definition, double weight, int firstMetric)
        {
            Id = definition.Id;
            FirstMetric = firstMetric;
            Name = definition.Name;
            Rollup = definition.Rollup;
            Weight = weight;
            _plans = [.. definition.Plans];
            Metrics = [.. definition.Metrics.Select(m => new CompiledMetric(m))];
            var unknownMetrics = Array.AsReadOnly(Metrics.Select(m => m.Unknown).ToArray());
            NotApplicable = new UseCaseResult(Id, Name, HealthColor.Unknown, null, NotApplicable: true, unknownMetrics, null);
            NoData = new UseCaseResult(Id, Name, HealthColor.Unknown, null, NotApplicable: false, unknownMetrics, null);
            NoSingleMetricNote = $"No change of one metric alone turns {Name} green; at least two metrics must improve.";
        }

        public string Id { get; }
        public string Name { get; }
        public RollupMode Rollup { get; }
        public double Weight { get; }
        public CompiledMetric[] Metrics { get; }

        /// <summary>Where this use case's metrics start among all the model's metrics (the account's value array).</summary>
        public int FirstMetric { get; }

        public UseCaseResult NotApplicable { get; }
        public UseCaseResult NoData { get; }
        public string NoSingleMetricNote { get; }

        public bool AppliesTo(string? plan)
        {
            if (_plans.Length == 0)
            {
                return true;
            }

            foreach (var p in _plans)
            {
                if (string.Equals(p, plan, StringComparison.Ordinal) || string.Equals(p, plan, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// A use case's metric results, made when first read: a bulk scoring run stores colors and scores and reads no
    /// metric, so the engine keeps the values (one array per account) and builds the records on demand. Each record
    /// is what the engine built eagerly before: the definition's texts, the value, and the color of that value (an
    /// unknown metric gives the metric's shared unknown result). Built once; every read sees the same records.
    /// </summary>
    private sealed class MetricResults(CompiledUseCase useCase, double[] values, ulong known) : IReadOnlyList<MetricResult>
    {
        private MetricResult[]? _results;

        public int Count => useCase.Metrics.Length;

        public MetricResult this[int index] => Results[index];

        private MetricResult[] Results => _results ?? Build();

        public IEnumerator<MetricResult> GetEnumerator() => ((IEnumerable<MetricResult>)Results).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private MetricResult[] Build()
        {
            var metrics = useCase.Metrics;
            var results = new MetricResult[metrics.Length];
            for (var m = 0; m < results.Length; m++)
            {
                var metric = metrics[m];
                var value = values[useCase.FirstMetric + m];
                var definition = metric.Definition;
                results[m] = (known & (1UL << m)) == 0
                    ? metric.Unknown
                    : new MetricResult(definition.Id, definition.Name, value, metric.Rule.ColorOf(value), definition.Unit, definition.GreenText, definition.BandsText);
            }

            // Threads reading it first race to publish; all of them use the one that won.
            return Interlocked.CompareExchange(ref _results, results, null) ?? results;
        }
    }

    /// <summary>
    /// A 'points' use case over several subscriptions: row k of <see cref="Values"/> and <see cref="Colors"/> holds the
    /// k-th contributing subscription's metric values (NaN = unknown) and their colors; <see cref="Points"/> and
    /// <see cref="Known"/> its point sum over the known metrics (in metric order) and how many are known.
    /// </summary>
    private readonly ref struct SubscriptionRows(ReadOnlySpan<double> values, ReadOnlySpan<HealthColor> colors, ReadOnlySpan<double> weights,
        ReadOnlySpan<double> points, ReadOnlySpan<int> known)
    {
        public ReadOnlySpan<double> Values { get; } = values;
        public ReadOnlySpan<HealthColor> Colors { get; } = colors;
        public ReadOnlySpan<double> Weights { get; } = weights;
        public ReadOnlySpan<double> Points { get; } = points;
        public ReadOnlySpan<int> Known { get; } = known;
    }

    /// <summary>One metric of one use case while an account is scored: the sums of its weighted mean, then the rolled-up value and color.</summary>
    private struct MetricSums
    {
        public double WeightSum;
        public double WeightedSum;
        public double PlainSum;
        public double Only;
        public int Count;
        public double Value;
        public HealthColor Color;
    }

    [InlineArray(InlineSubscriptions)]
    private struct SubscriptionBuffer
    {
        private SubscriptionInput? _element;
    }

    [InlineArray(InlineSubscriptions)]
    private struct SnapshotBuffer
    {
        private UsageSnapshot? _element;
    }
}
