namespace PlatformBot.Scoring;

// The public surface of the scoring engine. Other projects (Data, Host, adapters) code against these
// records. The engine is pure: no clock, no I/O; every input arrives in these records.

/// <summary>Health color of a metric, use case or measure. Unknown is never red.</summary>
public enum HealthColor
{
    Unknown = 0,
    Red = 1,
    Yellow = 2,
    Green = 3,
}

/// <summary>One usage row of one instance (the model's input columns, aligned with <see cref="ScoringModel.InputColumns"/>; null = unknown).</summary>
public sealed record UsageSnapshot(
    string InstanceId,
    string InstanceType,
    DateOnly SnapshotDate,
    double?[] Values);

/// <summary>A subscription with all usage rows of its instances that the caller could find (any dates; the engine picks).</summary>
public sealed record SubscriptionInput(
    string SubscriptionId,
    string Plan,
    decimal Arr,
    DateOnly? CustomerSince,
    IReadOnlyList<UsageSnapshot> Usage);

/// <summary>An account and its subscriptions.</summary>
public sealed record AccountInput(
    string AccountId,
    IReadOnlyList<SubscriptionInput> Subscriptions);

/// <summary>The level an adoption score falls in: "0", "1", "2", "3+" (platform threshold is model data) or "no data".</summary>
public readonly record struct AdoptionLevel(string Label, int Order)
{
    public const string NoDataLabel = "no data";
    public static AdoptionLevel NoData(int platformThreshold) => new(NoDataLabel, platformThreshold + 1);
    public bool IsNoData => Label == NoDataLabel;
    public override string ToString() => Label;
}

/// <summary>One metric of a use case, evaluated.</summary>
public sealed record MetricResult(
    string MetricId,
    string Name,
    double? Value,
    HealthColor Color,
    string Unit,
    // Human text for the green threshold, e.g. "> 0.33".
    string GreenThreshold,
    // Human text for all bands, e.g. "red <= 0.10, yellow > 0.10 and <= 0.33, green > 0.33".
    string Thresholds);

/// <summary>The smallest change of one known metric that would turn the use case green.</summary>
/// <remarks>
/// Written out rather than positional so that <see cref="Text"/> can be formatted when it is first read: the engine
/// finds a distance for most red and yellow use cases, but a bulk scoring run stores only colors and scores, and
/// formatting the number was the costliest step of a distance (docs/performance.md). Construction, deconstruction,
/// <c>with</c>, equality and ToString are those of the positional record it was.
/// </remarks>
public sealed record DistanceToGreen
{
    // Set by the engine's constructor: how to format the text, and the value it formats (kept apart from Current so
    // that `with { Current = .. }` leaves the text as it was, as it did when the text was a constructor argument).
    private readonly ScoringEngine.DistanceText? _format;
    private readonly double _formatted;
    private string? _text;

    public DistanceToGreen(string MetricId, string MetricName, double Current, double Target, string Operator, string Text)
    {
        this.MetricId = MetricId;
        this.MetricName = MetricName;
        this.Current = Current;
        this.Target = Target;
        this.Operator = Operator;
        _text = Text;
    }

    internal DistanceToGreen(string metricId, string metricName, double current, double target, string op, ScoringEngine.DistanceText format)
    {
        MetricId = metricId;
        MetricName = metricName;
        Current = current;
        Target = target;
        Operator = op;
        _format = format;
        _formatted = current;
    }

    public string MetricId { get; init; }

    public string MetricName { get; init; }

    public double Current { get; init; }

    /// <summary>The threshold the metric must pass, e.g. 40.</summary>
    public double Target { get; init; }

    /// <summary>The operator it must satisfy, e.g. "&gt;" or "&gt;=".</summary>
    public string Operator { get; init; }

    /// <summary>e.g. "CI builds per billable user 12.4 -> needs > 40".</summary>
    public string Text
    {
        // Two threads reading it first may both format it; they make equal strings, and either one is kept.
        get => _text ?? (_format is null ? _text! : _text = _format.Format(_formatted));
        init
        {
            _text = value;
            _format = null;
        }
    }

    public void Deconstruct(out string MetricId, out string MetricName, out double Current, out double Target, out string Operator, out string Text)
    {
        MetricId = this.MetricId;
        MetricName = this.MetricName;
        Current = this.Current;
        Target = this.Target;
        Operator = this.Operator;
        Text = this.Text;
    }

    // Value equality over the six public members, as the positional record had (the formatting state is not data).
    public bool Equals(DistanceToGreen? other) => ReferenceEquals(this, other) || (other is not null
        && string.Equals(MetricId, other.MetricId, StringComparison.Ordinal)
        && string.Equals(MetricName, other.MetricName, StringComparison.Ordinal)
        && Current.Equals(other.Current)
        && Target.Equals(other.Target)
        && string.Equals(Operator, other.Operator, StringComparison.Ordinal)
        && string.Equals(Text, other.Text, StringComparison.Ordinal));

    public override int GetHashCode() => HashCode.Combine(MetricId, MetricName, Current, Target, Operator, Text);
}

/// <summary>A use case's result for an account (or one subscription).</summary>
public sealed record UseCaseResult(
    string UseCaseId,
    string Name,
    HealthColor Color,
    // Points score (25..88) or null when unknown.
    double? Score,
    // True when the use case does not apply (e.g. Security on a non-ultimate plan).
    bool NotApplicable,
    IReadOnlyList<MetricResult> Metrics,
    DistanceToGreen? DistanceToGreen)
{
    /// <summary>
    /// Set when the use case is red or yellow and no change of one known metric alone turns it green (then
    /// <see cref="DistanceToGreen"/> is null), e.g. "No change of one metric alone turns CD green; at least two metrics must improve.".
    /// </summary>
    public string? DistanceToGreenNote { get; init; }
}

/// <summary>A secondary measure (license utilization, engagement, product usage score).</summary>
public sealed record MeasureResult(
    string Id,
    double? Value,
    HealthColor Color,
    double? Points,
    string Note);

/// <summary>The account's full score as of a date.</summary>
public sealed record AccountScore(
    string AccountId,
    DateOnly AsOf,
    string ModelVersion,
    decimal Arr,
    // Number of green use cases, or null when every use case is unknown ("no data").
    int? AdoptionScore,
    AdoptionLevel Level,
    IReadOnlyList<UseCaseResult> UseCases,
    MeasureResult LicenseUtilization,
    MeasureResult Engagement,
    MeasureResult ProductUsage,
    // The newest snapshot date among the usage rows used; null when none.
    DateOnly? DataAsOf,
    // True when the account has usage rows but all are older than the staleness window.
    bool Stale,
    int UseCaseCount);

/// <summary>One level's share of ARR in the KPI.</summary>
public sealed record KpiLevel(string Level, decimal Arr, double Share, int Accounts);

/// <summary>ARR by level as of a date; levels always in the order 0, 1, 2, 3+, no data.</summary>
public sealed record ArrKpi(DateOnly AsOf, decimal TotalArr, IReadOnlyList<KpiLevel> Levels);
