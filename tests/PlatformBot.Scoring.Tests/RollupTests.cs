using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

public sealed class RollupTests
{
    [Fact]
    public void A_single_subscription_account_gets_exactly_its_primary_instance_colors()
    {
        var score = Score(Sub("S-1", 5000, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50), ("ci_builds_28d", 100)))));

        Assert.Equal(HealthColor.Green, UseCase(score, "scm").Color);
        Assert.Equal(HealthColor.Red, UseCase(score, "ci").Color);
        Assert.Equal(5000m, score.Arr);
    }

    [Fact]
    public void The_primary_instance_has_the_most_billable_users_and_others_are_ignored()
    {
        var big = Row("i-big", Values(("billable_users", 500), ("git_operation_users_28d", 400)));
        var small = Row("i-small", Values(("billable_users", 50), ("git_operation_users_28d", 0)));

        var score = Score(Sub("S-1", 1, "premium", small, big));

        Assert.Equal(0.8, UseCase(score, "scm").Metrics[0].Value!.Value, 10);
    }

    [Fact]
    public void Unknown_billable_users_rank_below_every_known_count()
    {
        var unknown = Row("i-a", Values(("billable_users", null), ("git_operation_users_28d", 400)));
        var tiny = Row("i-b", Values(("billable_users", 1), ("git_operation_users_28d", 0)));

        var score = Score(Sub("S-1", 1, "premium", unknown, tiny));

        Assert.Equal(0, UseCase(score, "scm").Metrics[0].Value!.Value, 10);
    }

    [Fact]
    public void Ties_go_to_the_later_snapshot_then_the_ordinally_smaller_instance_id()
    {
        var older = Row("i-a", Values(("billable_users", 100), ("git_operation_users_28d", 0)), AsOf.AddDays(-10));
        var newer = Row("i-b", Values(("billable_users", 100), ("git_operation_users_28d", 50)), AsOf.AddDays(-3));
        Assert.Equal(0.5, UseCase(Score(Sub("S-1", 1, "premium", older, newer)), "scm").Metrics[0].Value!.Value, 10);

        var upper = Row("i-B", Values(("billable_users", 100), ("git_operation_users_28d", 50)));
        var lower = Row("i-a", Values(("billable_users", 100), ("git_operation_users_28d", 0)));
        // "i-B" < "i-a" ordinally (uppercase sorts first)
        Assert.Equal(0.5, UseCase(Score(Sub("S-1", 1, "premium", lower, upper)), "scm").Metrics[0].Value!.Value, 10);
    }

    [Fact]
    public void Only_production_instances_are_scored()
    {
        var staging = Row("i-1", Values(("billable_users", 1000), ("git_operation_users_28d", 900)), type: "non-production");
        var geo = Row("i-2", Values(("billable_users", 1000), ("git_operation_users_28d", 900)), type: "geo-secondary");

        var score = Score(Sub("S-1", 1, "premium", staging, geo));

        Assert.Null(score.AdoptionScore);
        Assert.True(score.Level.IsNoData);
    }

    [Fact]
    public void Each_instance_uses_its_latest_row_on_or_before_the_as_of_date()
    {
        var rows = new[]
        {
            Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 0)), AsOf.AddDays(-14)),
            Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)), AsOf.AddDays(-7)),
            Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 5)), AsOf.AddDays(1)),
        };

        var score = Score(Sub("S-1", 1, "premium", rows));

        Assert.Equal(0.5, UseCase(score, "scm").Metrics[0].Value!.Value, 10);
        Assert.Equal(AsOf.AddDays(-7), score.DataAsOf);
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void A_row_more_than_60_days_old_is_stale_and_ignored(int age, bool stale)
    {
        var row = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)), AsOf.AddDays(-age));

        var score = Score(Sub("S-1", 1, "premium", row));

        Assert.Equal(stale, score.Stale);
        Assert.Equal(stale ? HealthColor.Unknown : HealthColor.Green, UseCase(score, "scm").Color);
    }

    [Fact]
    public void Ratio_rollup_weights_raw_values_by_arr_in_subscription_order()
    {
        // SCM: (3 x 0.5 + 1 x 0.1) / 4 = 0.4 -> green; a plain mean would be 0.3 -> yellow.
        var a = Sub("S-1", 300, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50))));
        var b = Sub("S-2", 100, "premium", Row("i-2", Values(("billable_users", 100), ("git_operation_users_28d", 10))));

        var scm = UseCase(Score(b, a), "scm");

        Assert.Equal(0.4, scm.Metrics[0].Value!.Value, 10);
        Assert.Equal(HealthColor.Green, scm.Color);
    }

    [Fact]
    public void Points_rollup_weights_each_subscription_use_case_score_by_arr()
    {
        // CI: S-1 green (88) with ARR 100, S-2 red (25) with ARR 300 -> (100 x 88 + 300 x 25) / 400 = 40.75 -> red.
        var a = Sub("S-1", 100, "premium", Row("i-1", Values(("billable_users", 100), ("ci_builds_28d", 5000))));
        var b = Sub("S-2", 300, "premium", Row("i-2", Values(("billable_users", 100), ("ci_builds_28d", 100))));

        var ci = UseCase(Score(a, b), "ci");

        Assert.Equal(40.75, ci.Score!.Value, 10);
        Assert.Equal(HealthColor.Red, ci.Color);
    }

    [Fact]
    public void Subscriptions_without_usage_still_count_in_account_arr_but_not_in_the_rollup()
    {
        var reporting = Sub("S-1", 100, "premium", Row("i-1", Values(("billable_users", 100), ("ci_builds_28d", 5000))));
        var silent = Sub("S-2", 900, "premium");

        var score = Score(reporting, silent);

        Assert.Equal(1000m, score.Arr);
        Assert.Equal(88, UseCase(score, "ci").Score!.Value, 10);
    }

    [Fact]
    public void Zero_arr_subscriptions_fall_back_to_a_plain_mean()
    {
        var a = Sub("S-1", 0, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50))));
        var b = Sub("S-2", 0, "premium", Row("i-2", Values(("billable_users", 100), ("git_operation_users_28d", 10))));

        var score = Score(a, b);

        Assert.Equal(0.3, UseCase(score, "scm").Metrics[0].Value!.Value, 10);
        Assert.Equal(0m, score.Arr);
    }

    [Fact]
    public void Security_is_weighted_by_the_arr_of_ultimate_subscriptions_only()
    {
        var cells = new (string, double?)[] { ("billable_users", 100), ("secure_scanner_users_28d", 30) };
        var ultimate = Sub("S-1", 10, "ultimate", Row("i-1", Values(cells)));
        var premium = Sub("S-2", 1_000_000, "premium", Row("i-2", Values(cells)));

        var security = UseCase(Score(ultimate, premium), "security");

        Assert.Equal(HealthColor.Green, security.Color);
        Assert.Equal(88, security.Score!.Value, 10);
    }
}
