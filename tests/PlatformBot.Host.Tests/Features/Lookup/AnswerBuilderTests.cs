using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>What the answers hold, decided once for every surface.</summary>
public sealed class AnswerBuilderTests
{
    [Fact]
    public void The_card_counts_green_use_cases_against_the_platform_threshold()
    {
        var card = Card();

        Assert.Equal((2, "2", 4, 3), (card.AdoptionScore, card.Level, card.UseCaseCount, card.PlatformThreshold));
        Assert.Equal("2 of 4 use cases green — level 2 (platform adoption is 3+)", card.Headline);
        Assert.False(card.ReachedPlatform);
        Assert.Equal(("Acme Corp", "A-000001", "enterprise", "emea", "sam@example.com", "jo@example.com"),
            (card.Name, card.AccountId, card.Segment, card.Region, card.Owner, card.Csm));
        Assert.Equal(Model.Version, card.ModelVersion);
        Assert.Equal(Today, card.AsOf);
    }

    [Fact]
    public void Arr_is_on_the_card_only_for_viewers_who_may_see_it()
    {
        Assert.Equal(new Money(300_000m, "USD"), Card(maySeeArr: true).Arr);
        Assert.Null(Card(maySeeArr: false).Arr);
    }

    [Fact]
    public void Each_use_case_carries_its_metrics_against_thresholds_and_the_distance_to_green()
    {
        var card = Card();
        var scm = card.UseCases.Single(u => u.Id == "scm");
        var ci = card.UseCases.Single(u => u.Id == "ci");

        Assert.Equal((HealthColor.Green, UseCaseStatus.Scored, (string?)null), (scm.Color, scm.Status, scm.DistanceToGreen));
        var utilization = Assert.Single(scm.Metrics);
        Assert.Equal(("Git operation utilization", 0.8, "80%", "> 33%", HealthColor.Green, true),
            (utilization.Name, utilization.Value, utilization.ValueText, utilization.GreenThreshold, utilization.Color, utilization.HigherIsBetter));

        Assert.Equal(HealthColor.Yellow, ci.Color);
        Assert.Equal("12.4", ci.Metrics[0].ValueText);
        Assert.Equal("CI builds per billable user 12.4 -> needs > 40", ci.DistanceToGreen);
    }

    [Fact]
    public void No_data_is_told_apart_from_not_applicable_and_from_below_threshold()
    {
        var ultimate = Card(plan: "ultimate").UseCases.Single(u => u.Id == "security");
        var premium = Card(plan: "premium").UseCases.Single(u => u.Id == "security");
        var ci = Card().UseCases.Single(u => u.Id == "ci");

        Assert.Equal(UseCaseStatus.NoData, ultimate.Status);
        Assert.All(ultimate.Metrics, m => Assert.True(m.NoData));
        Assert.All(ultimate.Metrics, m => Assert.Equal("no data", m.ValueText));
        Assert.Null(ultimate.DistanceToGreen);
        Assert.Equal(UseCaseStatus.NotApplicable, premium.Status);
        Assert.Equal(["ultimate"], premium.Plans);
        Assert.Equal(UseCaseStatus.Scored, ci.Status);
        Assert.False(ci.Metrics[0].NoData);
    }

    [Fact]
    public void Trends_compare_with_the_last_snapshot_before_today_and_the_one_nearest_91_days_back()
    {
        var card = Card();

        Assert.Equal(new LevelChange(Today.AddDays(-7), "1", 1, TrendDirection.Up, Model.Version), card.VsLast);
        Assert.Equal(new LevelChange(Today.AddDays(-90), "0", 0, TrendDirection.Up, Model.Version), card.VsQuarter);
        var scm = card.UseCases.Single(u => u.Id == "scm");
        Assert.Equal(new ColorChange(Today.AddDays(-7), HealthColor.Yellow, TrendDirection.Up), scm.VsLast);
        Assert.Equal(new ColorChange(Today.AddDays(-90), HealthColor.Red, TrendDirection.Up), scm.VsQuarter);
        Assert.Equal(TrendDirection.Same, card.UseCases.Single(u => u.Id == "ci").VsLast!.Direction);
        Assert.Equal(TrendDirection.Same, card.UseCases.Single(u => u.Id == "security").VsLast!.Direction);
    }

    [Fact]
    public void Without_history_or_a_snapshot_near_three_months_there_is_nothing_to_compare()
    {
        var none = Card(history: []);
        Assert.Null(none.VsLast);
        Assert.Null(none.VsQuarter);
        Assert.All(none.UseCases, u => Assert.Null(u.VsLast));

        var recent = Card(history: [Snapshot(Today.AddDays(-14), 2, "2", "green", "yellow", "green", "unknown")]);
        Assert.Equal(TrendDirection.Same, recent.VsLast!.Direction);
        Assert.Null(recent.VsQuarter);
    }

    [Fact]
    public void Old_stale_or_missing_data_gets_a_warning()
    {
        Assert.Null(Card(dataAgeDays: 14).StalenessWarning);
        Assert.Equal("Usage data is 20 days old (last reported 2026-11-03).", Card(dataAgeDays: 20).StalenessWarning);

        var stale = ScoreCardBuilder.Build(Acme, Score("ultimate", Today.AddDays(-70), TwoGreen), [], Model, Today, true, "USD");
        Assert.Contains("stale", stale.StalenessWarning, StringComparison.Ordinal);
        Assert.Null(stale.AdoptionScore);
        Assert.Equal("no data", stale.Level);

        var nothing = ScoreCardBuilder.Build(Acme, Engine.Score(new AccountInput(Acme.AccountId, []), Today), [], Model, Today, true, "USD");
        Assert.Equal("No usage data has been received for this account.", nothing.StalenessWarning);
        Assert.Equal("no usage data — no adoption score yet", nothing.Headline);
    }

    [Fact]
    public void License_utilization_and_engagement_come_with_their_notes()
    {
        var card = Card();

        Assert.Equal(("License utilization", "95.2%", HealthColor.Green, "expansion signal"),
            (card.LicenseUtilization.Name, card.LicenseUtilization.ValueText, card.LicenseUtilization.Color, card.LicenseUtilization.Note));
        Assert.Equal(("User engagement", "60%", HealthColor.Yellow), (card.Engagement.Name, card.Engagement.ValueText, card.Engagement.Color));
    }

    [Fact]
    public void A_snapshot_with_unreadable_use_cases_compares_as_nothing()
    {
        var unreadable = Snapshot(Today.AddDays(-7), 1, "1", "yellow", "yellow", "green", "unknown") with { UseCases = SnapshotUseCases.Decode("not json") };

        var card = Card(history: [unreadable]);

        // The level still compares (it is a column of its own); the use cases have nothing to compare with.
        Assert.Equal("1", card.VsLast?.Before);
        Assert.All(card.UseCases, u => Assert.Null(u.VsLast));
    }

    [Fact]
    public void Explain_gives_formulas_in_words_bands_and_how_the_use_case_turns_green()
    {
        var cd = ExplainBuilder.Build(Model.FindUseCase("cd")!, Model);

        Assert.Equal(("cd", "CD", "every plan"), (cd.UseCaseId, cd.Name, cd.AppliesTo));
        Assert.Equal(3, cd.Metrics.Count);
        var users = cd.Metrics[0];
        Assert.Equal(("< 5%", "5% to 12%", "> 12%", true), (users.Red, users.Yellow, users.Green, users.HigherIsBetter));
        Assert.Equal("deployment users divided by billable users, over the last 28 days", users.Formula);
        Assert.Equal("successful deployments divided by (successful deployments + failed deployments), over the last 28 days", cd.Metrics[2].Formula);
        Assert.Contains("mean is > 75: two green and one at least yellow.", cd.HowItTurnsGreen, StringComparison.Ordinal);
        Assert.Contains("red 25, yellow 63, green 88", cd.HowItTurnsGreen, StringComparison.Ordinal);
        Assert.Contains("weighted by ARR", cd.AcrossSubscriptions, StringComparison.Ordinal);

        var scm = ExplainBuilder.Build(Model.FindUseCase("SCM")!, Model);
        Assert.Equal(("<= 10%", "> 10% and <= 33%", "> 33%"), (scm.Metrics[0].Red, scm.Metrics[0].Yellow, scm.Metrics[0].Green));
        Assert.StartsWith("Green when its metric is green.", scm.HowItTurnsGreen, StringComparison.Ordinal);

        var security = ExplainBuilder.Build(Model.FindUseCase("security")!, Model);
        Assert.Equal("ultimate only", security.AppliesTo);
        Assert.Equal(("<= 1", "> 1 and < 3", ">= 3"), (security.Metrics[2].Red, security.Metrics[2].Yellow, security.Metrics[2].Green));
        Assert.StartsWith("how many of these are above 0: sast scans, dast scans", security.Metrics[2].Formula, StringComparison.Ordinal);
    }

    [Fact]
    public void How_it_turns_green_follows_the_points_and_bands_of_the_model()
    {
        Assert.Contains(": one green and one at least yellow.", ExplainBuilder.HowItTurnsGreen(2, Model), StringComparison.Ordinal);
        Assert.Contains(": two green and two at least yellow.", ExplainBuilder.HowItTurnsGreen(4, Model), StringComparison.Ordinal);
    }

    [Fact]
    public void Kpi_lines_carry_shares_counts_and_week_on_week_points_with_arr_only_when_allowed()
    {
        var before = new ArrKpi(Today.AddDays(-7), 1000m,
            [new("0", 200m, 0.2, 2), new("1", 300m, 0.3, 3), new("2", 0m, 0, 0), new("3+", 400m, 0.4, 1), new("no data", 100m, 0.1, 1)]);
        var now = new ArrKpi(Today, 1000m,
            [new("0", 100m, 0.1, 1), new("1", 300m, 0.3, 3), new("2", 100m, 0.1, 1), new("3+", 400m, 0.4, 1), new("no data", 100m, 0.1, 1)]);

        var open = TrendBuilder.Kpi(now, before, 3, maySeeArr: true, "USD");
        var closed = TrendBuilder.Kpi(now, before, 3, maySeeArr: false, "USD");

        Assert.Equal((Today, (DateOnly?)Today.AddDays(-7), 7, (Money?)new Money(1000m, "USD")), (open.AsOf, open.PreviousAsOf, open.Accounts, open.TotalArr));
        Assert.Equal(-10, open.Levels[0].ShareChangePoints!.Value, 6);
        Assert.Equal(10, open.Levels[2].ShareChangePoints!.Value, 6);
        Assert.Equal([-1, 0, 1, 0, 0], open.Levels.Select(l => l.AccountsChange!.Value));
        Assert.Equal(new Money(100m, "USD"), open.Levels[0].Arr);
        Assert.Null(closed.TotalArr);
        Assert.All(closed.Levels, l => Assert.Null(l.Arr));
        Assert.Null(TrendBuilder.Kpi(now, null, 3, true, "USD").Levels[0].ShareChangePoints);
    }

    [Fact]
    public void Movers_are_level_changes_ranked_by_arr_without_moves_into_or_out_of_no_data()
    {
        static StoredScore S(string id, string level, decimal arr) => new(id, "Account " + id, Today, arr, null, level, [], Model.Version, null);
        IReadOnlyList<StoredScore> then = [S("A", "1", 0), S("B", "0", 0), S("C", "3+", 0), S("D", "2", 0), S("E", "no data", 0), S("F", "1", 0)];
        IReadOnlyList<StoredScore> now = [S("A", "2", 100m), S("B", "3+", 50m), S("C", "1", 500m), S("D", "2", 900m), S("E", "3+", 999m), S("F", "no data", 999m)];

        var movers = TrendBuilder.Movers(Today, Today.AddDays(-7), now, then, Model, maySeeArr: true, "USD");

        Assert.Equal(["A", "B"], movers.Up.Select(m => m.AccountId));
        Assert.Equal((1, "1", "2", (Money?)new Money(100m, "USD")), (movers.Up[0].Steps, movers.Up[0].FromLevel, movers.Up[0].ToLevel, movers.Up[0].Arr));
        Assert.Equal(3, movers.Up[1].Steps);
        Assert.Equal(-2, Assert.Single(movers.Down).Steps);
        Assert.Equal((2, 1), (movers.UpTotal, movers.DownTotal));
        Assert.All(TrendBuilder.Movers(Today, Today.AddDays(-7), now, then, Model, maySeeArr: false, "USD").Up, m => Assert.Null(m.Arr));
    }
}
