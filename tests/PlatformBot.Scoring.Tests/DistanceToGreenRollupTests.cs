using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>Spec section 9 beyond the single-subscription basics: operators, rollups, and the case no single metric fixes.</summary>
public sealed class DistanceToGreenRollupTests
{
    private static SubscriptionInput Sub(string id, decimal arr, string plan, params (string, double?)[] cells) =>
        Build.Sub(id, arr, plan, Row("i-" + id, Values(cells)));

    [Fact]
    public void A_red_metric_that_only_needs_yellow_names_the_operator_that_leaves_red()
    {
        // Scanner utilization 1% red (<= 5%), scans per pipeline 3 green, 3 scanner types green: 67 yellow.
        // Reaching yellow (> 5%) gives 79.7 -> green.
        var security = UseCase(Single("ultimate", ("secure_scanner_users_28d", 1), ("ci_internal_pipelines_28d", 10), ("sast_scans_28d", 10),
            ("dast_scans_28d", 10), ("dependency_scanning_scans_28d", 10), ("container_scanning_scans_28d", 0), ("secret_detection_scans_28d", 0),
            ("coverage_fuzzing_scans_28d", 0), ("api_fuzzing_scans_28d", 0)), "security");

        Assert.Equal(HealthColor.Yellow, security.Color);
        var distance = security.DistanceToGreen!;
        Assert.Equal(("secure_scanner_utilization", ">", 0.05, 0.01), (distance.MetricId, distance.Operator, distance.Target, distance.Current));
        Assert.Equal("Secure scanner utilization 1% -> needs > 5%", distance.Text);
        Assert.Null(security.DistanceToGreenNote);
    }

    [Fact]
    public void A_red_single_metric_use_case_needs_green_not_just_yellow()
    {
        var ci = UseCase(Single("premium", ("ci_builds_28d", 100)), "ci");

        Assert.Equal(HealthColor.Red, ci.Color);
        Assert.Equal("CI builds per billable user 1 -> needs > 40", ci.DistanceToGreen!.Text);
    }

    [Fact]
    public void When_no_single_metric_suffices_the_note_says_so()
    {
        var cd = UseCase(Single("premium", ("deployment_users_28d", 1), ("deployments_28d", 100), ("successful_deployments_28d", 1), ("failed_deployments_28d", 99)), "cd");

        Assert.Null(cd.DistanceToGreen);
        Assert.Equal("No change of one metric alone turns CD green; at least two metrics must improve.", cd.DistanceToGreenNote);
    }

    [Fact]
    public void Green_unknown_and_not_applicable_use_cases_have_neither_distance_nor_note()
    {
        var score = Single("premium", ("git_operation_users_28d", 90));

        foreach (var id in new[] { "scm", "cd", "security" })
        {
            Assert.Null(UseCase(score, id).DistanceToGreen);
            Assert.Null(UseCase(score, id).DistanceToGreenNote);
        }
    }

    [Fact]
    public void Ratio_rollup_distance_starts_from_the_rolled_up_value()
    {
        // SCM 10% (ARR 100) and 30% (ARR 100): rolled up 20% -> yellow; needs > 33% on the account value.
        var scm = UseCase(Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("git_operation_users_28d", 10)),
            Sub("S-2", 100, "premium", ("billable_users", 100), ("git_operation_users_28d", 30))), "scm");

        Assert.Equal(HealthColor.Yellow, scm.Color);
        Assert.Equal("Git operation utilization 20% -> needs > 33%", scm.DistanceToGreen!.Text);
    }

    [Fact]
    public void Points_rollup_distance_over_several_subscriptions_asks_for_the_target_in_each()
    {
        // CI 50/user green (ARR 100) and 10/user yellow (ARR 300): (8800 + 18900) / 400 = 69.25 yellow.
        // Shown value: (100 x 50 + 300 x 10) / 400 = 20 builds per user.
        var ci = UseCase(Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("ci_builds_28d", 5000)),
            Sub("S-2", 300, "premium", ("billable_users", 100), ("ci_builds_28d", 1000))), "ci");

        Assert.Equal(69.25, ci.Score);
        Assert.Equal("CI builds per billable user 20 -> needs > 40 in each subscription", ci.DistanceToGreen!.Text);
        Assert.Equal(20, ci.DistanceToGreen.Current);
    }

    [Fact]
    public void Points_rollup_distance_weighs_each_subscriptions_shortfall_not_the_averaged_value()
    {
        // CD per subscription: S-1 (ARR 100) users 0.20 G, deployments 1 R, rate 0.9 G -> 67 yellow;
        //                      S-2 (ARR 100) users 0.01 R, deployments 9 G, rate 0.9 G -> 67 yellow. Account 67, yellow.
        // Yellow is not enough for either red metric: (79.7 + 67) / 2 = 73.3. Green is: (88 + 67) / 2 = 77.5.
        // Shortfalls to green, per subscription then averaged: users (0 + 0.11 / 0.12) / 2 = 0.458,
        // deployments (6 / 7 + 0) / 2 = 0.429 -> deployments. On the averaged values (users 10.5%, deployments 5)
        // users would look closer (0.125 vs 0.286): the per-subscription view is the one that matches the rollup.
        var cd = UseCase(Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 100), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10)),
            Sub("S-2", 100, "premium", ("billable_users", 100), ("deployment_users_28d", 1), ("deployments_28d", 900), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10))), "cd");

        Assert.Equal(HealthColor.Yellow, cd.Color);
        Assert.Equal(67, cd.Score!.Value, 10);
        Assert.Equal("Deployments per billable user 5 -> needs > 7 in each subscription", cd.DistanceToGreen!.Text);
        Assert.Null(cd.DistanceToGreenNote);
    }

    [Fact]
    public void Points_rollup_over_several_subscriptions_can_need_two_metrics()
    {
        // S-1 (ARR 100) CD all red (25); S-2 (ARR 300) all red (25). Any one metric to green: 46 per subscription, red.
        var cd = UseCase(Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("deployment_users_28d", 1), ("deployments_28d", 100), ("successful_deployments_28d", 1), ("failed_deployments_28d", 99)),
            Sub("S-2", 300, "premium", ("billable_users", 100), ("deployment_users_28d", 2), ("deployments_28d", 50), ("successful_deployments_28d", 5), ("failed_deployments_28d", 95))), "cd");

        Assert.Equal(HealthColor.Red, cd.Color);
        Assert.Null(cd.DistanceToGreen);
        Assert.Equal("No change of one metric alone turns CD green; at least two metrics must improve.", cd.DistanceToGreenNote);
    }

    [Fact]
    public void Points_rollup_picks_the_metric_with_the_smallest_arr_weighted_shortfall()
    {
        // Both subscriptions: users 0.20 G, rate 0.9 G, deployments red -> 67 yellow. Lifting deployments to yellow
        // (>= 2) in each gives 79.7 green. S-1 has 1.9 (5% short), S-2 has 1 (50% short).
        var cd = UseCase(Score(
            Sub("S-1", 900, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 190), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10)),
            Sub("S-2", 100, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 100), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10))), "cd");

        var distance = cd.DistanceToGreen!;
        Assert.Equal(("deployments_per_user", ">=", 2.0), (distance.MetricId, distance.Operator, distance.Target));
        Assert.Equal(((900 * 1.9) + (100 * 1.0)) / 1000, distance.Current, 12);
        Assert.Equal("Deployments per billable user 1.81 -> needs >= 2 in each subscription", distance.Text);
    }

    [Fact]
    public void The_metric_closest_to_its_target_wins_whatever_its_position()
    {
        // CD: users 11.9% yellow (0.8% short of > 12%), deployments 2 yellow (71% short of > 7), rate 0.9 green: 71.3.
        var cd = UseCase(Single("premium", ("billable_users", 1000), ("deployment_users_28d", 119), ("deployments_28d", 2000),
            ("successful_deployments_28d", 90), ("failed_deployments_28d", 10)), "cd");

        Assert.Equal("Deployment user utilization 11.9% -> needs > 12%", cd.DistanceToGreen!.Text);
    }

    [Fact]
    public void Lifting_a_metric_to_yellow_never_lowers_it_where_it_is_already_green()
    {
        // S-1 (ARR 150): users G, deployments 8 G, rate 0.5 Y -> 79.7. S-2 (ARR 100): users G, deployments 1 R, rate 0.9 G -> 67.
        // Account (150 x 79.7 + 100 x 67) / 250 = 74.6, yellow. Deployments >= 2 in S-2 (S-1 keeps its green) -> 79.7, green,
        // shortfall (0 x 150 + 0.5 x 100) / 250 = 0.2, below the rate's (0.375 x 150) / 250 = 0.225.
        var cd = UseCase(Score(
            Sub("S-1", 150, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 800), ("successful_deployments_28d", 50), ("failed_deployments_28d", 50)),
            Sub("S-2", 100, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 100), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10))), "cd");

        Assert.Equal(HealthColor.Yellow, cd.Color);
        Assert.Equal("Deployments per billable user 5.2 -> needs >= 2 in each subscription", cd.DistanceToGreen!.Text);
    }
}
