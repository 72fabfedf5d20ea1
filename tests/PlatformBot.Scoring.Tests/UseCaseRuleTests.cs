using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

public sealed class UseCaseRuleTests
{
    // CD metric inputs (billable 100): deployment users, deployments, successful, failed
    private static readonly (double Users, double Deployments) Green = (20, 800);   // 0.20, 8
    private static readonly (double Users, double Deployments) Yellow = (10, 500);  // 0.10, 5
    private static readonly (double Users, double Deployments) Red = (1, 100);      // 0.01, 1

    private static AccountScore Cd(double users, double deployments, double? successful, double? failed) =>
        Single("premium", ("deployment_users_28d", users), ("deployments_28d", deployments), ("successful_deployments_28d", successful), ("failed_deployments_28d", failed));

    [Fact]
    public void Two_green_and_one_yellow_is_green_at_79_7()
    {
        var cd = UseCase(Cd(Green.Users, Green.Deployments, 50, 50), "cd"); // rate 0.5 yellow

        Assert.Equal(HealthColor.Green, cd.Color);
        Assert.Equal((88 + 88 + 63) / 3.0, cd.Score!.Value, 10);
    }

    [Fact]
    public void One_green_and_two_yellow_is_yellow_at_71_3()
    {
        var cd = UseCase(Cd(Green.Users, Yellow.Deployments, 50, 50), "cd");

        Assert.Equal(HealthColor.Yellow, cd.Color);
        Assert.Equal((88 + 63 + 63) / 3.0, cd.Score!.Value, 10);
    }

    [Fact]
    public void Two_green_and_one_red_is_yellow_at_67()
    {
        var cd = UseCase(Cd(Green.Users, Green.Deployments, 10, 90), "cd"); // rate 0.1 red

        Assert.Equal(HealthColor.Yellow, cd.Color);
        Assert.Equal((88 + 88 + 25) / 3.0, cd.Score!.Value, 10);
    }

    [Fact]
    public void Green_and_yellow_with_one_unknown_is_green_at_75_5()
    {
        var cd = UseCase(Cd(Green.Users, Yellow.Deployments, 90, null), "cd");

        Assert.Equal(HealthColor.Green, cd.Color);
        Assert.Equal(75.5, cd.Score!.Value, 10);
    }

    [Fact]
    public void Unknown_metrics_are_left_out_never_counted_as_red()
    {
        var cd = UseCase(Cd(Green.Users, Green.Deployments, null, null), "cd");

        Assert.Equal(HealthColor.Green, cd.Color);
        Assert.Equal(88, cd.Score!.Value, 10);
    }

    [Fact]
    public void All_red_is_red_and_all_unknown_is_unknown()
    {
        Assert.Equal(HealthColor.Red, UseCase(Cd(Red.Users, Red.Deployments, 1, 99), "cd").Color);
        Assert.Equal(HealthColor.Unknown, UseCase(Single("premium"), "cd").Color);
    }

    [Theory]
    [InlineData(75.0, HealthColor.Yellow)]
    [InlineData(75.0001, HealthColor.Green)]
    [InlineData(50.0, HealthColor.Red)]
    [InlineData(50.0001, HealthColor.Yellow)]
    public void Bands_are_strictly_above_75_and_50(double score, HealthColor expected) =>
        Assert.Equal(expected, Model.Band(score));

    [Fact]
    public void Security_is_scored_for_ultimate_and_not_applicable_for_other_plans()
    {
        var cells = new (string, double?)[]
        {
            ("secure_scanner_users_28d", 30), ("ci_internal_pipelines_28d", 10), ("sast_scans_28d", 5), ("dast_scans_28d", 5),
            ("dependency_scanning_scans_28d", 5), ("container_scanning_scans_28d", 0), ("secret_detection_scans_28d", 0),
            ("coverage_fuzzing_scans_28d", 0), ("api_fuzzing_scans_28d", 0),
        };

        var ultimate = UseCase(Single("ultimate", cells), "security");
        var premium = UseCase(Single("premium", cells), "security");

        Assert.Equal(HealthColor.Green, ultimate.Color);
        Assert.False(ultimate.NotApplicable);
        Assert.Equal(HealthColor.Unknown, premium.Color);
        Assert.True(premium.NotApplicable);
        Assert.Null(premium.Score);
    }

    [Fact]
    public void Plan_names_match_case_insensitively()
    {
        var security = UseCase(Single("Ultimate", ("secure_scanner_users_28d", 30)), "security");

        Assert.Equal(HealthColor.Green, security.Color);
    }
}
