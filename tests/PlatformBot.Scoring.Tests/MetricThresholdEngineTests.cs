using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>
/// Every threshold of every metric of the default model, exactly at it, one millionth above and one millionth below,
/// computed by the engine from raw input columns (n / 1,000,000 is the double nearest the written threshold, so
/// "exactly at" is exact). Expected colors are written out from the methodology table, not derived from the model.
/// </summary>
public sealed class MetricThresholdEngineTests
{
    private const double Million = 1_000_000;

    public static TheoryData<string, double, HealthColor> EveryThreshold => new()
    {
        // SCM git operation utilization: red <= 0.10 | yellow > 0.10 and <= 0.33 | green > 0.33
        { "git_operation_utilization", 0.099999, HealthColor.Red },
        { "git_operation_utilization", 0.10, HealthColor.Red },
        { "git_operation_utilization", 0.100001, HealthColor.Yellow },
        { "git_operation_utilization", 0.329999, HealthColor.Yellow },
        { "git_operation_utilization", 0.33, HealthColor.Yellow },
        { "git_operation_utilization", 0.330001, HealthColor.Green },
        // CI builds per billable user: red <= 2 | yellow > 2 and <= 40 | green > 40
        { "ci_builds_per_user", 1.999999, HealthColor.Red },
        { "ci_builds_per_user", 2, HealthColor.Red },
        { "ci_builds_per_user", 2.000001, HealthColor.Yellow },
        { "ci_builds_per_user", 39.999999, HealthColor.Yellow },
        { "ci_builds_per_user", 40, HealthColor.Yellow },
        { "ci_builds_per_user", 40.000001, HealthColor.Green },
        // CD deployment user utilization: red < 0.05 | yellow 0.05 to 0.12 | green > 0.12
        { "deployment_user_utilization", 0.049999, HealthColor.Red },
        { "deployment_user_utilization", 0.05, HealthColor.Yellow },
        { "deployment_user_utilization", 0.050001, HealthColor.Yellow },
        { "deployment_user_utilization", 0.119999, HealthColor.Yellow },
        { "deployment_user_utilization", 0.12, HealthColor.Yellow },
        { "deployment_user_utilization", 0.120001, HealthColor.Green },
        // CD deployments per billable user: red < 2 | yellow 2 to 7 | green > 7
        { "deployments_per_user", 1.999999, HealthColor.Red },
        { "deployments_per_user", 2, HealthColor.Yellow },
        { "deployments_per_user", 2.000001, HealthColor.Yellow },
        { "deployments_per_user", 6.999999, HealthColor.Yellow },
        { "deployments_per_user", 7, HealthColor.Yellow },
        { "deployments_per_user", 7.000001, HealthColor.Green },
        // CD successful deployment rate: red < 0.25 | yellow 0.25 to 0.80 | green > 0.80
        { "successful_deployment_rate", 0.249999, HealthColor.Red },
        { "successful_deployment_rate", 0.25, HealthColor.Yellow },
        { "successful_deployment_rate", 0.250001, HealthColor.Yellow },
        { "successful_deployment_rate", 0.799999, HealthColor.Yellow },
        { "successful_deployment_rate", 0.80, HealthColor.Yellow },
        { "successful_deployment_rate", 0.800001, HealthColor.Green },
        // Security secure scanner utilization: red <= 0.05 | yellow > 0.05 and < 0.20 | green >= 0.20
        { "secure_scanner_utilization", 0.049999, HealthColor.Red },
        { "secure_scanner_utilization", 0.05, HealthColor.Red },
        { "secure_scanner_utilization", 0.050001, HealthColor.Yellow },
        { "secure_scanner_utilization", 0.199999, HealthColor.Yellow },
        { "secure_scanner_utilization", 0.20, HealthColor.Green },
        { "secure_scanner_utilization", 0.200001, HealthColor.Green },
        // Security scans per CI pipeline: red < 0.1 | yellow 0.1 to 0.5 | green > 0.5
        { "scans_per_pipeline", 0.099999, HealthColor.Red },
        { "scans_per_pipeline", 0.1, HealthColor.Yellow },
        { "scans_per_pipeline", 0.100001, HealthColor.Yellow },
        { "scans_per_pipeline", 0.499999, HealthColor.Yellow },
        { "scans_per_pipeline", 0.5, HealthColor.Yellow },
        { "scans_per_pipeline", 0.500001, HealthColor.Green },
        // Security scanner types in use (a count): red <= 1 | yellow 2 | green >= 3
        { "scanner_types_in_use", 0, HealthColor.Red },
        { "scanner_types_in_use", 1, HealthColor.Red },
        { "scanner_types_in_use", 2, HealthColor.Yellow },
        { "scanner_types_in_use", 3, HealthColor.Green },
        { "scanner_types_in_use", 4, HealthColor.Green },
        { "scanner_types_in_use", 7, HealthColor.Green },
    };

    private static readonly string[] ScanColumns =
    [
        "sast_scans_28d", "dast_scans_28d", "dependency_scanning_scans_28d", "container_scanning_scans_28d",
        "secret_detection_scans_28d", "coverage_fuzzing_scans_28d", "api_fuzzing_scans_28d",
    ];

    [Theory]
    [MemberData(nameof(EveryThreshold))]
    public void The_engine_colors_each_metric_with_the_exact_operator_at_and_around_every_threshold(string metricId, double value, HealthColor expected)
    {
        var (useCase, cells) = Inputs(metricId, value);

        // ARR 3 on purpose: 3 x v / 3 is not always v in IEEE doubles; a single subscription must keep its exact value.
        var score = Engine.Score(Account(new SubscriptionInput("S-1", "ultimate", 3m, new DateOnly(2020, 1, 1), [Row("i-1", Values(cells))])), AsOf);
        var metric = UseCase(score, useCase).Metrics.Single(m => m.MetricId == metricId);

        Assert.Equal(value, metric.Value);
        Assert.Equal(expected, metric.Color);
    }

    [Fact]
    public void The_table_covers_every_metric_of_the_default_model()
    {
        var covered = EveryThreshold.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(Model.UseCases.SelectMany(u => u.Metrics).Select(m => m.Id).Order(), covered.Order());
    }

    /// <summary>Raw columns whose formula gives exactly <paramref name="value"/> for the metric.</summary>
    private static (string UseCase, (string, double?)[] Cells) Inputs(string metricId, double value)
    {
        var n = Math.Round(value * Million);
        return metricId switch
        {
            "git_operation_utilization" => ("scm", [("git_operation_users_28d", n), ("billable_users", Million)]),
            "ci_builds_per_user" => ("ci", [("ci_builds_28d", n), ("billable_users", Million)]),
            "deployment_user_utilization" => ("cd", [("deployment_users_28d", n), ("billable_users", Million)]),
            "deployments_per_user" => ("cd", [("deployments_28d", n), ("billable_users", Million)]),
            "successful_deployment_rate" => ("cd", [("successful_deployments_28d", n), ("failed_deployments_28d", Million - n), ("billable_users", Million)]),
            "secure_scanner_utilization" => ("security", [("secure_scanner_users_28d", n), ("billable_users", Million)]),
            "scans_per_pipeline" => ("security",
            [
                ("billable_users", Million), ("ci_internal_pipelines_28d", Million),
                .. ScanColumns.Select((c, i) => (c, (double?)(i == 0 ? n : 0))),
            ]),
            "scanner_types_in_use" => ("security",
            [
                ("billable_users", Million),
                .. ScanColumns.Select((c, i) => (c, (double?)(i < value ? 10 : 0))),
            ]),
            _ => throw new ArgumentOutOfRangeException(nameof(metricId), metricId, null),
        };
    }
}
