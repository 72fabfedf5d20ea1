using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>Spec section 4: instance selection, staleness, and the ARR-weighted rollups, with expected values worked out by hand.</summary>
public sealed class AccountRollupTests
{
    private static SubscriptionInput Sub(string id, decimal arr, string plan, params (string, double?)[] cells) =>
        Build.Sub(id, arr, plan, Row("i-" + id, Values(cells)));

    private static double? Scm(AccountScore score) => UseCase(score, "scm").Metrics[0].Value;

    // ---- exactness ----

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(0.1)]
    [InlineData(123456.78)]
    public void A_single_subscription_keeps_its_exact_value_whatever_its_arr(decimal arr)
    {
        // 10/100 is exactly the SCM red threshold; 3 x 0.1 / 3 would be 0.10000000000000002 and turn yellow.
        var score = Score(Sub("S-1", arr, "premium", ("billable_users", 100), ("git_operation_users_28d", 10)));

        Assert.Equal(0.1, Scm(score));
        Assert.Equal(HealthColor.Red, UseCase(score, "scm").Color);
    }

    [Fact]
    public void Results_do_not_depend_on_the_order_subscriptions_arrive_in()
    {
        var a = Sub("S-a", 170, "premium", ("billable_users", 70), ("git_operation_users_28d", 23), ("ci_builds_28d", 901));
        var b = Sub("S-b", 333, "premium", ("billable_users", 90), ("git_operation_users_28d", 31), ("ci_builds_28d", 2501));
        var c = Sub("S-c", 1, "premium", ("billable_users", 13), ("git_operation_users_28d", 3), ("ci_builds_28d", 17));

        var first = Score(a, b, c);
        foreach (var order in new[] { new[] { c, b, a }, [b, a, c], [c, a, b] })
        {
            var other = Score(order);
            Assert.Equal(Scm(first), Scm(other)); // bit-identical: the sums run in ordinal subscription_id order
            Assert.Equal(UseCase(first, "ci").Score, UseCase(other, "ci").Score);
        }
    }

    // ---- 'ratio' rollup (SCM) ----

    [Fact]
    public void Ratio_rollup_is_the_arr_weighted_mean_of_raw_values_over_subscriptions_where_the_metric_is_known()
    {
        // A: 0.5 x 100, B: 0.2 x 300, C: 0.9 x 0 (zero ARR weighs nothing), D: unknown (billable 0) x 5000 (left out).
        // (50 + 60 + 0) / 400 = 0.275 -> yellow. A plain mean of A, B, C would be 0.533 -> green.
        var score = Score(
            Sub("S-A", 100, "premium", ("billable_users", 100), ("git_operation_users_28d", 50)),
            Sub("S-B", 300, "premium", ("billable_users", 100), ("git_operation_users_28d", 20)),
            Sub("S-C", 0, "premium", ("billable_users", 100), ("git_operation_users_28d", 90)),
            Sub("S-D", 5000, "premium", ("billable_users", 0), ("git_operation_users_28d", 0)));

        Assert.Equal(0.275, Scm(score)!.Value, 12);
        Assert.Equal(HealthColor.Yellow, UseCase(score, "scm").Color);
        Assert.Equal(63, UseCase(score, "scm").Score);
        Assert.Equal(5400m, score.Arr);
    }

    [Fact]
    public void Ratio_rollup_over_zero_arr_subscriptions_is_the_plain_mean()
    {
        var score = Score(
            Sub("S-1", 0, "premium", ("billable_users", 100), ("git_operation_users_28d", 50)),
            Sub("S-2", 0, "premium", ("billable_users", 100), ("git_operation_users_28d", 18)));

        Assert.Equal((0.5 + 0.18) / 2, Scm(score)!.Value, 12); // 0.34 -> green
        Assert.Equal(HealthColor.Green, UseCase(score, "scm").Color);
    }

    // ---- 'points' rollup (CI, CD, Security) ----

    [Fact]
    public void Points_rollup_weights_each_subscriptions_use_case_score_by_arr()
    {
        // CD. S-1 (ARR 200): users 0.20 green, deployments 8 green, rate 0.5 yellow -> (88 + 88 + 63) / 3.
        //     S-2 (ARR 600): users 0.01 red, deployments 1 red, rate 0.5 yellow     -> (25 + 25 + 63) / 3.
        var score = Score(
            Sub("S-1", 200, "premium", ("billable_users", 100), ("deployment_users_28d", 20), ("deployments_28d", 800), ("successful_deployments_28d", 50), ("failed_deployments_28d", 50)),
            Sub("S-2", 600, "premium", ("billable_users", 100), ("deployment_users_28d", 1), ("deployments_28d", 100), ("successful_deployments_28d", 50), ("failed_deployments_28d", 50)));

        var cd = UseCase(score, "cd");
        var expected = ((200 * (239 / 3.0)) + (600 * (113 / 3.0))) / 800; // 48.17
        Assert.Equal(expected, cd.Score!.Value, 10);
        Assert.Equal(HealthColor.Red, cd.Color);

        // The metric values shown are the ARR-weighted raw values; under 'points' they do not decide the color.
        var users = cd.Metrics.Single(m => m.MetricId == "deployment_user_utilization");
        Assert.Equal(((200 * 0.2) + (600 * 0.01)) / 800, users.Value!.Value, 12); // 0.0575
        Assert.Equal(HealthColor.Yellow, users.Color);
    }

    [Fact]
    public void Points_rollup_over_zero_arr_subscriptions_is_the_plain_mean()
    {
        var score = Score(
            Sub("S-1", 0, "premium", ("billable_users", 100), ("ci_builds_28d", 5000)), // 50 per user: green 88
            Sub("S-2", 0, "premium", ("billable_users", 100), ("ci_builds_28d", 100))); // 1 per user: red 25

        Assert.Equal(56.5, UseCase(score, "ci").Score);
        Assert.Equal(HealthColor.Yellow, UseCase(score, "ci").Color);
    }

    [Fact]
    public void A_subscription_whose_use_case_is_unknown_does_not_dilute_the_points_rollup()
    {
        var score = Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("ci_builds_28d", 5000)),
            Sub("S-2", 900, "premium", ("billable_users", 100), ("ci_builds_28d", null)));

        Assert.Equal(88, UseCase(score, "ci").Score);
    }

    [Fact]
    public void Negative_arr_counts_in_the_account_arr_but_weighs_nothing()
    {
        var score = Score(
            Sub("S-1", 100, "premium", ("billable_users", 100), ("ci_builds_28d", 5000)),
            Sub("S-2", -40, "premium", ("billable_users", 100), ("ci_builds_28d", 100)));

        Assert.Equal(60m, score.Arr);
        Assert.Equal(88, UseCase(score, "ci").Score);
    }

    // ---- plans ----

    [Fact]
    public void Security_without_any_ultimate_subscription_is_not_applicable_even_without_usage()
    {
        var score = Score(Build.Sub("S-1", 100, "premium"));

        Assert.True(UseCase(score, "security").NotApplicable);
        Assert.False(UseCase(score, "ci").NotApplicable);
    }

    [Fact]
    public void Security_with_a_silent_ultimate_subscription_is_applicable_but_unknown()
    {
        var score = Score(
            Build.Sub("S-1", 100, "ultimate"),
            Sub("S-2", 100, "premium", ("billable_users", 100), ("secure_scanner_users_28d", 50)));

        var security = UseCase(score, "security");
        Assert.False(security.NotApplicable);
        Assert.Equal(HealthColor.Unknown, security.Color);
        Assert.Null(security.Score);
        Assert.All(security.Metrics, m => Assert.Null(m.Value));
    }

    // ---- spec 4.1-4.2: instances ----

    [Fact]
    public void Without_any_known_billable_users_the_later_snapshot_then_the_smaller_instance_id_is_primary()
    {
        // The deployment success rate does not use billable users, so it shows which instance was taken.
        static UsageSnapshot Instance(string id, double successful, int age) =>
            Row(id, Values(("billable_users", null), ("successful_deployments_28d", successful), ("failed_deployments_28d", 100 - successful)), AsOf.AddDays(-age));

        var b = Instance("i-b", 10, age: 2);
        var a = Instance("i-a", 90, age: 2);
        var c = Instance("i-c", 50, age: 9);
        var known = Row("i-z", Values(("billable_users", 0), ("successful_deployments_28d", 30), ("failed_deployments_28d", 70)), AsOf.AddDays(-30));

        static double? Rate(params UsageSnapshot[] rows) =>
            UseCase(Score(Build.Sub("S-1", 1, "premium", rows)), "cd").Metrics.Single(m => m.MetricId == "successful_deployment_rate").Value;

        Assert.Equal(0.9, Rate(b, a, c));     // a and b share the latest date; "i-a" < "i-b"
        Assert.Equal(0.5, Rate(c, b with { SnapshotDate = AsOf.AddDays(-10) })); // c is later than b now
        Assert.Equal(0.3, Rate(a, b, c, known)); // a known count, even 0, outranks every unknown one, however old
    }

    [Fact]
    public void Ties_on_billable_users_and_date_go_to_the_ordinally_smaller_instance_id_whatever_the_row_order()
    {
        var a = Row("i-a", Values(("billable_users", 100), ("git_operation_users_28d", 50)));
        var b = Row("i-b", Values(("billable_users", 100), ("git_operation_users_28d", 5)));

        Assert.Equal(0.5, Scm(Score(Build.Sub("S-1", 1, "premium", a, b))));
        Assert.Equal(0.5, Scm(Score(Build.Sub("S-1", 1, "premium", b, a))));
    }

    [Fact]
    public void An_instance_type_matches_case_insensitively()
    {
        var score = Score(Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)), type: "Production")));

        Assert.Equal(HealthColor.Green, UseCase(score, "scm").Color);
    }

    [Fact]
    public void A_bigger_non_production_instance_never_becomes_primary()
    {
        var staging = Row("i-big", Values(("billable_users", 5000), ("git_operation_users_28d", 5000)), type: "non-production");
        var production = Row("i-small", Values(("billable_users", 10), ("git_operation_users_28d", 0)));

        Assert.Equal(0, Scm(Score(Build.Sub("S-1", 1, "premium", staging, production))));
    }

    [Fact]
    public void An_instance_whose_latest_row_is_stale_is_ignored_so_a_smaller_fresh_instance_is_primary()
    {
        var bigStale = Row("i-big", Values(("billable_users", 5000), ("git_operation_users_28d", 5000)), AsOf.AddDays(-61));
        var smallFresh = Row("i-small", Values(("billable_users", 10), ("git_operation_users_28d", 0)), AsOf.AddDays(-1));

        var score = Score(Build.Sub("S-1", 1, "premium", bigStale, smallFresh));

        Assert.Equal(0, Scm(score));
        Assert.False(score.Stale);
        Assert.Equal(AsOf.AddDays(-1), score.DataAsOf);
    }

    [Fact]
    public void An_instance_whose_latest_row_is_not_production_is_out_even_with_an_older_production_row()
    {
        var older = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)), AsOf.AddDays(-14));
        var newer = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)), AsOf.AddDays(-7), type: "non-production");

        var score = Score(Build.Sub("S-1", 1, "premium", older, newer));

        Assert.Null(score.AdoptionScore);
    }

    [Fact]
    public void Of_two_rows_of_one_instance_on_one_date_the_later_in_the_list_wins()
    {
        var first = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 5)));
        var second = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 50)));

        Assert.Equal(0.5, Scm(Score(Build.Sub("S-1", 1, "premium", first, second))));
        Assert.Equal(0.05, Scm(Score(Build.Sub("S-1", 1, "premium", second, first))));
    }

    [Fact]
    public void The_latest_row_decides_even_when_an_older_row_of_the_same_instance_had_more_billable_users()
    {
        var older = Row("i-1", Values(("billable_users", 900), ("git_operation_users_28d", 900)), AsOf.AddDays(-20));
        var newer = Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 5)), AsOf.AddDays(-3));
        var other = Row("i-2", Values(("billable_users", 200), ("git_operation_users_28d", 100)), AsOf.AddDays(-3));

        // i-1 now has 100 users, so i-2 (200) is primary: 0.5, not i-1's old 1.0 or new 0.05.
        Assert.Equal(0.5, Scm(Score(Build.Sub("S-1", 1, "premium", older, newer, other))));
    }

    // ---- staleness and data dates ----

    [Theory]
    [InlineData(0, false)]
    [InlineData(59, false)]
    [InlineData(60, false)]
    [InlineData(61, true)]
    [InlineData(400, true)]
    public void A_row_exactly_60_days_old_is_fresh_and_61_days_is_stale(int age, bool stale)
    {
        var score = Score(Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100), ("ci_builds_28d", 5000)), AsOf.AddDays(-age))));

        Assert.Equal(stale, score.Stale);
        Assert.Equal(stale ? null : AsOf.AddDays(-age), score.DataAsOf);
        Assert.Equal(stale ? null : 1, score.AdoptionScore);
    }

    [Fact]
    public void An_account_is_not_stale_when_one_subscription_still_reports()
    {
        var score = Score(
            Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100)), AsOf.AddDays(-90))),
            Build.Sub("S-2", 1, "premium", Row("i-2", Values(("billable_users", 100), ("ci_builds_28d", 5000)), AsOf.AddDays(-30))));

        Assert.False(score.Stale);
        Assert.Equal(AsOf.AddDays(-30), score.DataAsOf);
    }

    [Fact]
    public void Data_as_of_is_the_newest_snapshot_used_across_subscriptions()
    {
        var score = Score(
            Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100)), AsOf.AddDays(-12))),
            Build.Sub("S-2", 1, "premium", Row("i-2", Values(("billable_users", 100)), AsOf.AddDays(-5)), Row("i-2", Values(("billable_users", 100)), AsOf.AddDays(3))));

        Assert.Equal(AsOf.AddDays(-5), score.DataAsOf);
    }

    [Fact]
    public void Rows_only_after_the_as_of_date_mean_no_data_not_stale()
    {
        var score = Score(Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100)), AsOf.AddDays(1))));

        Assert.False(score.Stale);
        Assert.Null(score.DataAsOf);
        Assert.True(score.Level.IsNoData);
    }

    [Fact]
    public void Only_non_production_rows_mean_no_data_not_stale()
    {
        var score = Score(Build.Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100)), AsOf.AddDays(-90), type: "non-production")));

        Assert.False(score.Stale);
    }

    // ---- input handling ----

    [Fact]
    public void A_usage_row_with_the_wrong_number_of_values_is_rejected_with_the_instance_named()
    {
        var row = new UsageSnapshot("i-short", "production", AsOf, new double?[3]);

        var error = Assert.Throws<ArgumentException>(() => Score(Build.Sub("S-1", 1, "premium", row)));

        Assert.Contains("i-short", error.Message, StringComparison.Ordinal);
        Assert.Contains("18 input columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_input_is_unknown_not_a_color()
    {
        var score = Single("premium", ("git_operation_users_28d", double.NaN), ("ci_builds_28d", 5000));

        Assert.Equal(HealthColor.Unknown, UseCase(score, "scm").Color);
        Assert.Equal(HealthColor.Green, UseCase(score, "ci").Color);
    }

    [Fact]
    public void Many_subscriptions_beyond_the_inline_buffers_score_the_same_way()
    {
        // 20 subscriptions with ARR 1..20, git ops 1..20 per 100: weighted mean = sum(i^2) / sum(i) / 100 = 2870 / 210 / 100.
        var subscriptions = Enumerable.Range(1, 20)
            .Select(i => Sub($"S-{i:D2}", i, "premium", ("billable_users", 100), ("git_operation_users_28d", i)))
            .ToArray();

        var score = Score(subscriptions);

        Assert.Equal(2870.0 / 210 / 100, Scm(score)!.Value, 12);
        Assert.Equal(210m, score.Arr);
    }

    [Fact]
    public void One_engine_scores_from_many_threads_with_identical_results()
    {
        var accounts = Enumerable.Range(0, 200).Select(i => new AccountInput($"A-{i}",
        [
            Sub($"S-{i}-1", i, i % 2 == 0 ? "ultimate" : "premium", ("billable_users", 100 + i), ("git_operation_users_28d", i % 60), ("ci_builds_28d", i * 37), ("secure_scanner_users_28d", i % 30)),
            Sub($"S-{i}-0", 200 - i, "premium", ("billable_users", 50), ("git_operation_users_28d", 20), ("ci_builds_28d", i * 11)),
        ])).ToArray();
        var expected = accounts.Select(a => Engine.Score(a, AsOf)).ToArray();

        var actual = new AccountScore[accounts.Length];
        Parallel.For(0, accounts.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i % accounts.Length] = Engine.Score(accounts[i % accounts.Length], AsOf));

        for (var i = 0; i < accounts.Length; i++)
        {
            Assert.Equal(expected[i].AdoptionScore, actual[i].AdoptionScore);
            Assert.Equal(expected[i].UseCases.Select(u => u.Score), actual[i].UseCases.Select(u => u.Score));
            Assert.Equal(expected[i].ProductUsage.Value, actual[i].ProductUsage.Value);
        }
    }
}
