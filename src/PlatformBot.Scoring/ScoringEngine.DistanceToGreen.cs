namespace PlatformBot.Scoring;

// Spec 9: the smallest change of one known metric that turns a use case green.
public sealed partial class ScoringEngine
{
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
}
