using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

public sealed class DistanceToGreenTests
{
    [Fact]
    public void A_single_metric_use_case_needs_its_green_threshold()
    {
        var ci = UseCase(Single("premium", ("ci_builds_28d", 1240)), "ci");

        Assert.Equal(HealthColor.Yellow, ci.Color);
        Assert.Equal("CI builds per billable user 12.4 -> needs > 40", ci.DistanceToGreen!.Text);
        Assert.Equal(40, ci.DistanceToGreen.Target);
        Assert.Equal(">", ci.DistanceToGreen.Operator);
    }

    [Fact]
    public void Shares_are_shown_as_percentages()
    {
        var scm = UseCase(Single("premium", ("git_operation_users_28d", 20)), "scm");

        Assert.Equal("Git operation utilization 20% -> needs > 33%", scm.DistanceToGreen!.Text);
    }

    [Fact]
    public void Lifting_the_one_red_metric_to_yellow_is_enough_when_the_others_are_green()
    {
        // users green, deployments green, success rate red (0.1): yellow would give 79.7 -> green.
        var cd = UseCase(Single("premium", ("deployment_users_28d", 20), ("deployments_28d", 900), ("successful_deployments_28d", 10), ("failed_deployments_28d", 90)), "cd");

        Assert.Equal(HealthColor.Yellow, cd.Color);
        Assert.Equal("successful_deployment_rate", cd.DistanceToGreen!.MetricId);
        Assert.Equal(">=", cd.DistanceToGreen.Operator);
        Assert.Equal(0.25, cd.DistanceToGreen.Target);
    }

    [Fact]
    public void The_smallest_relative_change_wins()
    {
        // users 0.11 (yellow, near 0.12), deployments 7 (yellow, needs > 7), rate green: either one to green works.
        var cd = UseCase(Single("premium", ("deployment_users_28d", 11), ("deployments_28d", 700), ("successful_deployments_28d", 90), ("failed_deployments_28d", 10)), "cd");

        Assert.Equal("deployments_per_user", cd.DistanceToGreen!.MetricId);
    }

    [Fact]
    public void No_single_metric_can_turn_an_all_red_use_case_green()
    {
        var cd = UseCase(Single("premium", ("deployment_users_28d", 1), ("deployments_28d", 100), ("successful_deployments_28d", 1), ("failed_deployments_28d", 99)), "cd");

        Assert.Equal(HealthColor.Red, cd.Color);
        Assert.Null(cd.DistanceToGreen);
    }

    [Fact]
    public void Green_and_unknown_use_cases_have_no_distance()
    {
        var score = Single("premium", ("git_operation_users_28d", 90));

        Assert.Null(UseCase(score, "scm").DistanceToGreen);
        Assert.Null(UseCase(score, "cd").DistanceToGreen);
    }
}
