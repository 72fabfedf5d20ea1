using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

public sealed class AdoptionScoreTests
{
    private static readonly (string, double?)[] AllGreen =
    [
        ("billable_users", 100), ("licensed_users", 110), ("active_users_28d", 90), ("git_operation_users_28d", 80), ("ci_builds_28d", 5000),
        ("deployment_users_28d", 20), ("deployments_28d", 900), ("successful_deployments_28d", 95), ("failed_deployments_28d", 5),
        ("secure_scanner_users_28d", 30), ("ci_internal_pipelines_28d", 100), ("sast_scans_28d", 40), ("dast_scans_28d", 20),
        ("dependency_scanning_scans_28d", 10), ("container_scanning_scans_28d", 5), ("secret_detection_scans_28d", 0),
        ("coverage_fuzzing_scans_28d", 0), ("api_fuzzing_scans_28d", 0),
    ];

    [Fact]
    public void Four_green_use_cases_are_level_3_plus()
    {
        var score = Single("ultimate", AllGreen);

        Assert.Equal(4, score.AdoptionScore);
        Assert.Equal("3+", score.Level.Label);
    }

    [Theory]
    [InlineData(null, "no data")]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(2, "2")]
    [InlineData(3, "3+")]
    [InlineData(4, "3+")]
    public void Levels_follow_the_platform_threshold(int? adoption, string level) =>
        Assert.Equal(level, Model.LevelFor(adoption).Label);

    [Fact]
    public void An_account_with_no_usage_has_no_score_never_zero()
    {
        var score = Score(Sub("S-1", 100, "premium"));

        Assert.Null(score.AdoptionScore);
        Assert.True(score.Level.IsNoData);
        Assert.Null(score.DataAsOf);
        Assert.False(score.Stale);
    }

    [Fact]
    public void Red_use_cases_count_zero_but_the_score_is_known()
    {
        var score = Single("premium", ("git_operation_users_28d", 0));

        Assert.Equal(0, score.AdoptionScore);
        Assert.Equal("0", score.Level.Label);
    }

    [Fact]
    public void The_kpi_lists_every_level_in_order_with_arr_shares_and_counts()
    {
        var accounts = new (decimal, AdoptionLevel)[]
        {
            (100m, Model.LevelFor(0)), (300m, Model.LevelFor(4)), (100m, Model.LevelFor(null)), (0m, Model.LevelFor(1)),
        };

        var kpi = KpiOf(accounts);

        Assert.Equal(["0", "1", "2", "3+", "no data"], kpi.Levels.Select(l => l.Level));
        Assert.Equal([0.2, 0.0, 0.0, 0.6, 0.2], kpi.Levels.Select(l => l.Share));
        Assert.Equal([1, 1, 0, 1, 1], kpi.Levels.Select(l => l.Accounts));
        Assert.Equal(500m, kpi.TotalArr);
        Assert.Equal(1.0, kpi.Levels.Sum(l => l.Share), 12);
    }

    [Fact]
    public void A_kpi_over_zero_total_arr_has_zero_shares()
    {
        var kpi = KpiOf([(0m, Model.LevelFor(2))]);

        Assert.All(kpi.Levels, l => Assert.Equal(0, l.Share));
        Assert.Equal(1, kpi.Levels.Single(l => l.Level == "2").Accounts);
    }

    [Theory]
    [InlineData(2, 0.9, HealthColor.Unknown)]   // onboarding: not scored
    [InlineData(4, 0.10, HealthColor.Red)]
    [InlineData(4, 0.50, HealthColor.Yellow)]
    [InlineData(4, 0.51, HealthColor.Green)]
    [InlineData(8, 0.50, HealthColor.Red)]
    [InlineData(8, 0.75, HealthColor.Yellow)]
    [InlineData(8, 0.76, HealthColor.Green)]
    [InlineData(12, 0.75, HealthColor.Red)]
    [InlineData(12, 0.76, HealthColor.Green)]
    public void License_utilization_bands_depend_on_tenure(int months, double utilization, HealthColor expected)
    {
        var since = AsOf.AddMonths(-months);
        var sub = new SubscriptionInput("S-1", "premium", 100, since, [Row("i-1", Values(("billable_users", utilization * 1000), ("licensed_users", 1000)))]);

        var score = Engine.Score(Account(sub), AsOf);

        Assert.Equal(expected, score.LicenseUtilization.Color);
        Assert.Equal(utilization, score.LicenseUtilization.Value!.Value, 10);
    }

    [Theory]
    [InlineData(0.95, "expansion signal")]
    [InlineData(0.60, "seat-reduction risk")]
    [InlineData(0.80, "")]
    public void License_utilization_notes_expansion_and_seat_reduction(double utilization, string note)
    {
        var score = Single("premium", ("billable_users", utilization * 1000), ("licensed_users", 1000));

        Assert.Equal(note, score.LicenseUtilization.Note);
    }

    [Theory]
    [InlineData(49, HealthColor.Red)]
    [InlineData(50, HealthColor.Yellow)]
    [InlineData(79, HealthColor.Yellow)]
    [InlineData(80, HealthColor.Green)]
    public void Engagement_is_active_over_billable_users(double active, HealthColor expected) =>
        Assert.Equal(expected, Single("premium", ("active_users_28d", active)).Engagement.Color);

    [Fact]
    public void Product_usage_score_redistributes_the_weight_of_unknown_measures()
    {
        // Known: engagement green (88, weight 10) and SCM red (25, weight 15): (880 + 375) / 25 = 50.2 -> yellow.
        var score = Single("premium", ("active_users_28d", 90), ("git_operation_users_28d", 0));

        Assert.Equal(50.2, score.ProductUsage.Value!.Value, 10);
        Assert.Equal(HealthColor.Yellow, score.ProductUsage.Color);
    }

    [Fact]
    public void The_engine_is_deterministic_for_the_same_input()
    {
        var input = Account(Sub("S-2", 10, "ultimate", Row("i-2", Values(AllGreen))), Sub("S-1", 20, "premium", Row("i-1", Values(AllGreen))));

        var first = Engine.Score(input, AsOf);
        var second = Engine.Score(input, AsOf);

        Assert.Equal(first.AdoptionScore, second.AdoptionScore);
        Assert.Equal(first.UseCases.Select(u => u.Score), second.UseCases.Select(u => u.Score));
    }
}
