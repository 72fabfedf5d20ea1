using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>
/// The Platform Adoption Score (docs/scoring.md). Pure and deterministic: no clock, no
/// I/O; the as-of date and every input arrive as arguments. Immutable and thread-safe: the model is compiled into
/// arrays once, here, and <see cref="Score"/> keeps its working state on the stack, so one instance serves every
/// thread. Budget: at least 500,000 typical accounts per second on one core (bench/PlatformBot.Benchmarks); the hot
/// path therefore avoids LINQ, interface enumerators, dictionaries and closures, and allocates only the results. Two
/// parts of the results are made when first read, because a bulk scoring run stores colors and scores and reads
/// neither: the text of a distance to green (<see cref="DistanceToGreen.Text"/>) and a use case's metric records
/// (<see cref="UseCaseResult.Metrics"/>). Both are the same, to the character and the bit, as when built at once.
/// </summary>
/// <remarks>
/// One file per spec section: this one assembles the account and its adoption score and level (spec 5); instance
/// choice (4.1-4.2), metric colors (2-3), the rollup (4.3), distance to green (9) and the secondary measures (7) are
/// in ScoringEngine.*.cs beside it, and the compiled model in ScoringEngine.CompiledModel.cs.
/// </remarks>
public sealed partial class ScoringEngine
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
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _columnCount = model.InputColumns.Count;
        _billable = model.IndexOfInput("billable_users");
        _scoredTypes = [.. model.ScoredInstanceTypes];
        _stalenessDays = model.StalenessDays;
        (_redPoints, _yellowPoints, _greenPoints) = model.Points;
        _wholePoints = IsWhole(_redPoints) && IsWhole(_yellowPoints) && IsWhole(_greenPoints);
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
        var subscriptions = count <= InlineSubscriptions ? subscriptionBuffer[..count] : new SubscriptionInput?[count];
        var primaries = count <= InlineSubscriptions ? primaryBuffer[..count] : new UsageSnapshot?[count];
        var weights = count <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[count];
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
}
