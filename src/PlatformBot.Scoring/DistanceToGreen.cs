namespace PlatformBot.Scoring;

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

    public DistanceToGreen(string metricId, string metricName, double current, double target, string op, string text)
    {
        MetricId = metricId;
        MetricName = metricName;
        Current = current;
        Target = target;
        Operator = op;
        _text = text;
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

    public void Deconstruct(out string metricId, out string metricName, out double current, out double target, out string op, out string text)
    {
        metricId = MetricId;
        metricName = MetricName;
        current = Current;
        target = Target;
        op = Operator;
        text = Text;
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
