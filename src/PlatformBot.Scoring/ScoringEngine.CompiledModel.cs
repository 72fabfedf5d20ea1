using System.Collections;
using System.Runtime.CompilerServices;

namespace PlatformBot.Scoring;

// The model compiled into arrays once per engine, and the stack buffers of one scoring call.
public sealed partial class ScoringEngine
{
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
