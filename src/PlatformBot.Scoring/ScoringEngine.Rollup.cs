namespace PlatformBot.Scoring;

// Spec 4.3: from subscriptions to the account, one use case at a time.
public sealed partial class ScoringEngine
{
    /// <param name="accountValues">The account's rolled-up metric values, every use case's at its offset; made by the first use case with data.</param>
    private UseCaseResult ScoreUseCase(CompiledUseCase useCase, ReadOnlySpan<SubscriptionInput?> subscriptions, ReadOnlySpan<UsageSnapshot?> primaries,
        ReadOnlySpan<double> weights, ref double[]? accountValues)
    {
        var metrics = useCase.Metrics;
        var metricCount = metrics.Length;
        var sums = metricCount <= InlineMetrics ? stackalloc MetricSums[InlineMetrics] : new MetricSums[metricCount];
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
        var subscriptionValues = !bySubscription ? [] : size <= 32 ? stackalloc double[32] : new double[size];
        var subscriptionColors = !bySubscription ? [] : size <= 32 ? stackalloc HealthColor[32] : new HealthColor[size];
        var subscriptionWeights = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[subscriptions.Length];
        var subscriptionPoints = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc double[InlineSubscriptions] : new double[subscriptions.Length];
        var subscriptionKnown = !bySubscription ? [] : subscriptions.Length <= InlineSubscriptions ? stackalloc int[InlineSubscriptions] : new int[subscriptions.Length];

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
}
