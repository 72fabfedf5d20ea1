using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>
/// The engine builds a use case's <see cref="MetricResult"/>s when they are first read. They must be what it built
/// eagerly before: the metric's value on the row for a one-subscription account, its color under the metric's
/// thresholds, the definition's texts; and the same records on every read, from any thread.
/// </summary>
public sealed class MetricResultsTests
{
    [Fact]
    public void A_one_subscription_account_shows_each_metric_of_its_primary_row()
    {
        var checkedMetrics = 0;
        foreach (var account in DistanceTextTests.CleanAccounts(2000, seed: 17).Where(a => a.Subscriptions.Count == 1))
        {
            var subscription = account.Subscriptions[0];
            var score = Engine.Score(account, AsOf);
            for (var u = 0; u < score.UseCases.Count; u++)
            {
                var result = score.UseCases[u];
                var definition = Model.UseCases[u];
                Assert.Equal(definition.Id, result.UseCaseId);
                Assert.Equal(definition.Metrics.Count, result.Metrics.Count);
                for (var m = 0; m < definition.Metrics.Count; m++)
                {
                    var metric = definition.Metrics[m];
                    var value = definition.AppliesTo(subscription.Plan) ? ScoringEngine.MetricValue(metric, subscription.Usage[0].Values) : null;
                    Assert.Equal(Reference(metric, value), result.Metrics[m]);
                    checkedMetrics++;
                }
            }
        }

        Assert.True(checkedMetrics > 5000, $"only {checkedMetrics} metrics");
    }

    [Fact]
    public void Every_metric_result_has_the_color_of_its_value_and_the_texts_of_its_definition()
    {
        foreach (var account in DistanceTextTests.MessyAccounts(2000, seed: 23))
        {
            var score = Engine.Score(account, AsOf);
            for (var u = 0; u < score.UseCases.Count; u++)
            {
                var metrics = score.UseCases[u].Metrics;
                var definitions = Model.UseCases[u].Metrics;
                Assert.Equal(definitions.Count, metrics.Count);
                var enumerated = metrics.ToArray();
                for (var m = 0; m < definitions.Count; m++)
                {
                    Assert.Equal(Reference(definitions[m], metrics[m].Value), metrics[m]);
                    Assert.Same(metrics[m], enumerated[m]);
                    Assert.Same(metrics[m], metrics[m]);
                }

                Assert.ThrowsAny<SystemException>(() => metrics[definitions.Count]);
            }
        }
    }

    [Fact]
    public void Threads_reading_the_metrics_first_all_see_the_same_records()
    {
        var scores = DistanceTextTests.MessyAccounts(400, seed: 29).Select(a => Engine.Score(a, AsOf)).ToArray();
        var seen = new MetricResult[scores.Length, 8][];
        Parallel.For(0, scores.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var score = scores[i / 8];
            seen[i / 8, i % 8] = [.. score.UseCases.SelectMany(u => u.Metrics)];
        });

        for (var a = 0; a < scores.Length; a++)
        {
            for (var t = 1; t < 8; t++)
            {
                Assert.Equal(seen[a, 0].Length, seen[a, t].Length);
                for (var m = 0; m < seen[a, 0].Length; m++)
                {
                    Assert.Same(seen[a, 0][m], seen[a, t][m]);
                }
            }
        }
    }

    [Fact]
    public void A_negative_zero_cell_gives_a_positive_zero_ratio_and_a_zero_denominator_stays_unknown()
    {
        // The sum of one column is 0.0 + cell, so -0 becomes +0 (and shows as "0", not "-0").
        var scm = UseCase(Single("premium", ("git_operation_users_28d", -0.0)), "scm").Metrics[0];
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(scm.Value!.Value));

        var none = UseCase(Single("premium", ("billable_users", -0.0), ("git_operation_users_28d", 5)), "scm");
        Assert.Null(none.Metrics[0].Value);
        Assert.Equal(HealthColor.Unknown, none.Color);
    }

    private static MetricResult Reference(MetricDefinition metric, double? value) =>
        new(metric.Id, metric.Name, value, value is { } v ? metric.Thresholds.ColorOf(v) : HealthColor.Unknown, metric.Unit, metric.GreenText, metric.BandsText);
}
