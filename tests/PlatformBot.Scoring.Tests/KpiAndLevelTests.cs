using System.Text.Json.Nodes;
using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>Spec sections 5-6: adoption score, levels and the ARR KPI.</summary>
public sealed class KpiAndLevelTests
{
    private static readonly (string, double?)[] Green =
    [
        ("git_operation_users_28d", 80), ("ci_builds_28d", 5000),
        ("deployment_users_28d", 20), ("deployments_28d", 900), ("successful_deployments_28d", 95), ("failed_deployments_28d", 5),
    ];

    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(1, 1, "1")]
    [InlineData(2, 2, "2")]
    [InlineData(3, 3, "3+")]
    public void The_adoption_score_counts_green_use_cases(int greens, int adoption, string level)
    {
        // Take the first n green inputs (SCM, CI, CD); the rest of the premium account is red.
        var cells = new List<(string, double?)> { ("git_operation_users_28d", 0), ("ci_builds_28d", 0), ("deployment_users_28d", 0), ("deployments_28d", 0), ("successful_deployments_28d", 0), ("failed_deployments_28d", 10) };
        var wanted = greens switch { 0 => 0, 1 => 1, 2 => 2, _ => 6 };
        cells.AddRange(Green.Take(wanted));
        var score = Single("premium", [.. cells.GroupBy(c => c.Item1).Select(g => g.Last())]);

        Assert.Equal(adoption, score.AdoptionScore);
        Assert.Equal(level, score.Level.Label);
        Assert.Equal(4, score.UseCaseCount);
    }

    [Fact]
    public void Red_and_unknown_use_cases_count_zero_but_one_known_use_case_makes_the_score_known()
    {
        var score = Single("premium", ("ci_builds_28d", 0));

        Assert.Equal(0, score.AdoptionScore);
        Assert.Equal("0", score.Level.Label);
    }

    [Fact]
    public void Levels_come_from_the_platform_threshold_in_the_model()
    {
        var json = JsonNode.Parse(EmbeddedJson("gitlab-current.json"))!.AsObject();
        json["platformThreshold"] = 2;
        var model = ScoringModel.Load(json.ToJsonString());

        Assert.Equal(["0", "1", "2+", "no data"], model.LevelLabels);
        Assert.Equal("2+", model.LevelFor(4).Label);
        Assert.Equal(2, model.LevelFor(4).Order);
        Assert.True(model.LevelFor(null).IsNoData);
        Assert.Equal(3, model.LevelFor(null).Order);
    }

    [Fact]
    public void Kpi_shares_are_fractions_of_total_arr_that_add_up_to_one()
    {
        var accounts = new (decimal, AdoptionLevel)[] { (1_000_000m, Model.LevelFor(0)), (1_000_000m, Model.LevelFor(1)), (1_000_000m, Model.LevelFor(null)) };

        var kpi = KpiOf(accounts);

        Assert.Equal(AsOf, kpi.AsOf);
        Assert.Equal(3_000_000m, kpi.TotalArr);
        Assert.Equal([1.0 / 3, 1.0 / 3, 0, 0, 1.0 / 3], kpi.Levels.Select(l => l.Share).ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(1.0, kpi.Levels.Sum(l => l.Share), 14);
    }

    [Fact]
    public void Kpi_arr_is_summed_in_whole_cents_without_rounding()
    {
        var kpi = KpiOf([(0.1m, Model.LevelFor(2)), (0.2m, Model.LevelFor(2)), (0.7m, Model.LevelFor(5))]);

        Assert.Equal(0.3m, kpi.Levels.Single(l => l.Level == "2").Arr);
        Assert.Equal(0.7m, kpi.Levels.Single(l => l.Level == "3+").Arr);
        Assert.Equal(1.0m, kpi.TotalArr);
        Assert.Equal(0.3, kpi.Levels.Single(l => l.Level == "2").Share);
    }

    [Fact]
    public void An_empty_kpi_still_lists_every_level_with_zero_shares()
    {
        var kpi = KpiOf([]);

        Assert.Equal(["0", "1", "2", "3+", "no data"], kpi.Levels.Select(l => l.Level));
        Assert.All(kpi.Levels, l => Assert.Equal((0m, 0.0, 0), (l.Arr, l.Share, l.Accounts)));
    }

    [Fact]
    public void A_level_with_a_stale_order_is_counted_by_its_label()
    {
        var kpi = KpiOf([(10m, new AdoptionLevel("1", 7))]);

        Assert.Equal(1, kpi.Levels.Single(l => l.Level == "1").Accounts);
    }

    [Fact]
    public void A_level_that_is_not_in_the_model_counts_as_no_data_and_keeps_its_arr_in_the_total()
    {
        var kpi = KpiOf([(10m, new AdoptionLevel("2+", 2)), (30m, Model.LevelFor(1)), (60m, default(AdoptionLevel))]);

        Assert.Equal(100m, kpi.TotalArr);
        Assert.Equal((70m, 0.7, 2), kpi.Levels.Single(l => l.Level == "no data") is var n ? (n.Arr, n.Share, n.Accounts) : default);
        Assert.Equal(1.0, kpi.Levels.Sum(l => l.Share), 14);
    }

    [Fact]
    public void The_kpi_of_scored_accounts_equals_the_kpi_of_their_labels_and_cents()
    {
        var scores = new[]
        {
            Score(Sub("S-1", 100.10m, "premium", Row("i-1", Values(("billable_users", 100), ("ci_builds_28d", 5000))))),
            Score(Sub("S-2", 899.90m, "premium")),
        };

        var fromScores = KpiTally.Of(AsOf, Model, scores);
        var fromLabels = KpiOf(scores.Select(s => (s.Arr, s.Level)));

        Assert.Equal(fromLabels.Levels, fromScores.Levels);
        Assert.Equal(1000m, fromScores.TotalArr);
    }

    [Fact]
    public void Kpi_from_scored_accounts_uses_account_arr_including_silent_subscriptions()
    {
        var reporting = Score(Sub("S-1", 100, "premium", Row("i-1", Values(("billable_users", 100), ("ci_builds_28d", 5000)))), Sub("S-2", 900, "premium"));
        var silent = Score(Sub("S-3", 1000, "premium"));

        var kpi = KpiOf([(reporting.Arr, reporting.Level), (silent.Arr, silent.Level)]);

        Assert.Equal(0.5, kpi.Levels.Single(l => l.Level == "1").Share);
        Assert.Equal(0.5, kpi.Levels.Single(l => l.Level == "no data").Share);
    }

    internal static string EmbeddedJson(string name)
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("PlatformBot.Scoring.Models." + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
