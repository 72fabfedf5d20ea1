using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>Every boundary of every metric of the default model, at, just below and just above each threshold.</summary>
public sealed class MetricBoundaryTests
{
    private const double Eps = 1e-9;

    // metric id, value, expected color. Values are fed through the real formula with billable_users = 100.
    public static TheoryData<string, double, HealthColor> Boundaries => new()
    {
        // SCM git operation utilization: red <= 0.10, yellow > 0.10 and <= 0.33, green > 0.33
        { "git_operation_utilization", 0.10, HealthColor.Red },
        { "git_operation_utilization", 0.10 + Eps, HealthColor.Yellow },
        { "git_operation_utilization", 0.33, HealthColor.Yellow },
        { "git_operation_utilization", 0.33 + Eps, HealthColor.Green },
        { "git_operation_utilization", 0, HealthColor.Red },
        // CI builds per billable user: red <= 2, yellow > 2 and <= 40, green > 40
        { "ci_builds_per_user", 2, HealthColor.Red },
        { "ci_builds_per_user", 2 + Eps, HealthColor.Yellow },
        { "ci_builds_per_user", 40, HealthColor.Yellow },
        { "ci_builds_per_user", 40 + Eps, HealthColor.Green },
        // CD deployment user utilization: red < 0.05, yellow 0.05 to 0.12, green > 0.12
        { "deployment_user_utilization", 0.05 - Eps, HealthColor.Red },
        { "deployment_user_utilization", 0.05, HealthColor.Yellow },
        { "deployment_user_utilization", 0.12, HealthColor.Yellow },
        { "deployment_user_utilization", 0.12 + Eps, HealthColor.Green },
        // CD deployments per billable user: red < 2, yellow 2 to 7, green > 7
        { "deployments_per_user", 2 - Eps, HealthColor.Red },
        { "deployments_per_user", 2, HealthColor.Yellow },
        { "deployments_per_user", 7, HealthColor.Yellow },
        { "deployments_per_user", 7 + Eps, HealthColor.Green },
        // CD successful deployment rate: red < 0.25, yellow 0.25 to 0.80, green > 0.80
        { "successful_deployment_rate", 0.25 - Eps, HealthColor.Red },
        { "successful_deployment_rate", 0.25, HealthColor.Yellow },
        { "successful_deployment_rate", 0.80, HealthColor.Yellow },
        { "successful_deployment_rate", 0.80 + Eps, HealthColor.Green },
        // Security secure scanner utilization: red <= 0.05, yellow > 0.05 and < 0.20, green >= 0.20
        { "secure_scanner_utilization", 0.05, HealthColor.Red },
        { "secure_scanner_utilization", 0.05 + Eps, HealthColor.Yellow },
        { "secure_scanner_utilization", 0.20 - Eps, HealthColor.Yellow },
        { "secure_scanner_utilization", 0.20, HealthColor.Green },
        // Security scans per CI pipeline: red < 0.1, yellow 0.1 to 0.5, green > 0.5
        { "scans_per_pipeline", 0.1 - Eps, HealthColor.Red },
        { "scans_per_pipeline", 0.1, HealthColor.Yellow },
        { "scans_per_pipeline", 0.5, HealthColor.Yellow },
        { "scans_per_pipeline", 0.5 + Eps, HealthColor.Green },
        // Security scanner types in use: red <= 1, yellow 2, green >= 3
        { "scanner_types_in_use", 0, HealthColor.Red },
        { "scanner_types_in_use", 1, HealthColor.Red },
        { "scanner_types_in_use", 2, HealthColor.Yellow },
        { "scanner_types_in_use", 3, HealthColor.Green },
        { "scanner_types_in_use", 7, HealthColor.Green },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Each_threshold_uses_its_exact_operator(string metricId, double value, HealthColor expected)
    {
        var metric = Model.UseCases.SelectMany(u => u.Metrics).Single(m => m.Id == metricId);

        Assert.Equal(expected, metric.Thresholds.ColorOf(value));
    }

    [Theory]
    [InlineData(10, 100, HealthColor.Red)]       // 0.10 exactly
    [InlineData(33, 100, HealthColor.Yellow)]    // 0.33 exactly
    [InlineData(34, 100, HealthColor.Green)]
    [InlineData(1, 3, HealthColor.Green)]        // 0.333.. > 0.33
    public void Scm_color_follows_the_ratio_computed_from_raw_columns(double gitUsers, double billable, HealthColor expected)
    {
        var score = Single("premium", ("git_operation_users_28d", gitUsers), ("billable_users", billable));

        Assert.Equal(expected, UseCase(score, "scm").Color);
    }

    [Theory]
    [InlineData(200, HealthColor.Red)]      // 2 per user
    [InlineData(201, HealthColor.Yellow)]
    [InlineData(4000, HealthColor.Yellow)]  // 40 per user
    [InlineData(4001, HealthColor.Green)]
    public void Ci_builds_per_user_boundaries_through_the_engine(double builds, HealthColor expected)
    {
        var score = Single("premium", ("ci_builds_28d", builds));

        Assert.Equal(expected, UseCase(score, "ci").Color);
    }

    [Fact]
    public void Scanner_types_count_only_columns_above_zero_and_are_unknown_when_any_is_unknown()
    {
        var scans = new[] { "sast_scans_28d", "dast_scans_28d", "dependency_scanning_scans_28d", "container_scanning_scans_28d", "secret_detection_scans_28d", "coverage_fuzzing_scans_28d", "api_fuzzing_scans_28d" };
        var metric = Model.UseCases.Single(u => u.Id == "security").Metrics.Single(m => m.Id == "scanner_types_in_use");
        var three = Values(scans.Select((c, i) => (c, (double?)(i < 3 ? 5 : 0))).ToArray());
        var oneUnknown = Values(scans.Select((c, i) => (c, i == 6 ? null : (double?)1)).ToArray());

        Assert.Equal(3, ScoringEngine.MetricValue(metric, three));
        Assert.Null(ScoringEngine.MetricValue(metric, oneUnknown));
    }

    [Fact]
    public void A_ratio_with_a_zero_or_unknown_denominator_or_unknown_numerator_is_unknown_not_red()
    {
        var zero = Single("premium", ("git_operation_users_28d", 5), ("billable_users", 0));
        var unknownDenominator = Single("premium", ("git_operation_users_28d", 5), ("billable_users", null));
        var unknownNumerator = Single("premium", ("ci_builds_28d", null));

        Assert.Equal(HealthColor.Unknown, UseCase(zero, "scm").Color);
        Assert.Equal(HealthColor.Unknown, UseCase(unknownDenominator, "scm").Color);
        Assert.Equal(HealthColor.Unknown, UseCase(unknownNumerator, "ci").Color);
        Assert.Null(UseCase(zero, "scm").Score);
    }

    [Fact]
    public void A_sum_is_unknown_when_any_of_its_columns_is_unknown()
    {
        // successful / (successful + failed): failed unknown -> unknown, not 100%.
        var score = Single("premium", ("successful_deployments_28d", 90), ("failed_deployments_28d", null));

        var rate = UseCase(score, "cd").Metrics.Single(m => m.MetricId == "successful_deployment_rate");
        Assert.Null(rate.Value);
        Assert.Equal(HealthColor.Unknown, rate.Color);
    }
}
