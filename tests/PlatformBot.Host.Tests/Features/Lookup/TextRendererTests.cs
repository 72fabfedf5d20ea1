using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>What `platformbot ask` prints, answer by answer.</summary>
public sealed class TextRendererTests
{
    private static string[] Lines(string text) => text.Split('\n');

    private static string LineStartingWith(string text, string start) =>
        Lines(text).Single(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal)).Trim();

    [Fact]
    public void The_card_opens_with_name_id_and_the_adoption_headline()
    {
        var text = TextRenderer.Render(Card());

        Assert.Equal("Acme Corp (A-000001) — 2 of 4 use cases green — level 2 (platform adoption is 3+)", Lines(text)[0]);
        Assert.Equal("enterprise / emea · ARR $300,000 · owner sam@example.com · CSM jo@example.com", Lines(text)[1]);
        Assert.Equal("Trend: ▲ since 2026-11-16 (was level 1); ▲ since 2026-08-25 (was level 0)", Lines(text)[2]);
    }

    [Fact]
    public void The_card_shows_no_arr_to_a_viewer_who_may_not_see_it()
    {
        var text = TextRenderer.Render(Card(maySeeArr: false));

        Assert.DoesNotContain("ARR", text, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", text, StringComparison.Ordinal);
        Assert.Equal("enterprise / emea · owner sam@example.com · CSM jo@example.com", Lines(text)[1]);
    }

    [Fact]
    public void Each_use_case_has_a_marker_color_word_trend_and_metric_against_threshold()
    {
        var text = TextRenderer.Render(Card());

        Assert.Equal("[G] SCM       green  ▲ since 2026-11-16 (was yellow), ▲ since 2026-08-25 (was red)", LineStartingWith(text, "[G] SCM"));
        Assert.Equal("Git operation utilization: 80% — green, meets green > 33% (higher is better)", LineStartingWith(text, "Git operation utilization"));
        Assert.Equal("[Y] CI        yellow  = since 2026-11-16, ▲ since 2026-08-25 (was red)", LineStartingWith(text, "[Y] CI"));
        Assert.Equal("CI builds per billable user: 12.4 — yellow, below green > 40 (higher is better)", LineStartingWith(text, "CI builds per billable user"));
        Assert.Equal("To green: CI builds per billable user 12.4 -> needs > 40", LineStartingWith(text, "To green"));
    }

    [Fact]
    public void No_data_and_not_applicable_read_differently_from_below_threshold()
    {
        var ultimate = TextRenderer.Render(Card(plan: "ultimate"));
        var premium = TextRenderer.Render(Card(plan: "premium"));

        Assert.StartsWith("[?] Security  no data (not reported, not counted as red)", LineStartingWith(ultimate, "[?] Security"), StringComparison.Ordinal);
        Assert.Equal("Secure scanner utilization: no data (not reported; green >= 20%, higher is better)", LineStartingWith(ultimate, "Secure scanner utilization"));
        Assert.Equal("[-] Security  not in plan (only on ultimate)", LineStartingWith(premium, "[-] Security"));
        Assert.DoesNotContain("Secure scanner utilization", premium, StringComparison.Ordinal);
        Assert.DoesNotContain("below", LineStartingWith(ultimate, "Secure scanner utilization"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_card_ends_with_measures_data_date_model_and_any_staleness_warning()
    {
        var fresh = TextRenderer.Render(Card());
        var old = TextRenderer.Render(Card(dataAgeDays: 20));

        Assert.Equal("License utilization: 95.2% (green) - expansion signal", LineStartingWith(fresh, "License utilization"));
        Assert.Equal("User engagement: 60% (yellow)", LineStartingWith(fresh, "User engagement"));
        Assert.Equal($"Data as of 2026-11-20 · scored 2026-11-23 · model {Model.Version}", Lines(fresh)[^1]);
        Assert.DoesNotContain("Warning", fresh, StringComparison.Ordinal);
        Assert.Equal("Warning: Usage data is 20 days old (last reported 2026-11-03).", Lines(old)[^1]);
    }

    [Fact]
    public void A_card_without_history_says_so()
    {
        var text = TextRenderer.Render(Card(history: []));

        Assert.Equal("Trend: no earlier snapshot stored yet", Lines(text)[2]);
        Assert.Equal("[G] SCM       green", LineStartingWith(text, "[G] SCM"));
    }

    [Fact]
    public void A_level_that_was_no_data_has_no_arrow_and_says_no_data()
    {
        var text = TextRenderer.Render(Card(history: [Snapshot(Today.AddDays(-7), null, "no data", "unknown", "unknown", "unknown", "unknown")]));

        Assert.Equal("Trend: since 2026-11-16 (was no data)", Lines(text)[2]);
        Assert.Equal("[G] SCM       green  since 2026-11-16 (was no data)", LineStartingWith(text, "[G] SCM"));
    }

    [Fact]
    public void A_pick_list_numbers_the_choices_and_says_how_many_match()
    {
        var text = TextRenderer.Render(new PickListAnswer("acme",
            [new AccountChoice("A-1", "Acme Corp", "enterprise", "emea"), new AccountChoice("A-2", "Acme Labs", null, "amer")], 7));

        Assert.Equal(
            """
            7 accounts match "acme". Which one?
              1. Acme Corp (A-1, enterprise, emea)
              2. Acme Labs (A-2, amer)
            Showing 2 of 7: type more of the name.
            Ask again with the full name or the account id.
            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Not_found_offers_did_you_mean_or_a_hint()
    {
        var suggested = TextRenderer.Render(new NotFoundAnswer("globx", [new AccountChoice("A-3", "Globex", "mid-market", "apac")]));
        var bare = TextRenderer.Render(new NotFoundAnswer("zzz", []));

        Assert.Equal("No account matches \"globx\". Did you mean:\n  - Globex (A-3, mid-market, apac)", suggested.ReplaceLineEndings("\n"));
        Assert.Equal("No account matches \"zzz\". Try part of the name or the account id; \"help\" lists the commands.", bare);
    }

    [Fact]
    public void Help_lists_commands_and_use_cases_after_any_note()
    {
        var text = TextRenderer.Render(new HelpAnswer(
            [new HelpCommand("kpi", "share of ARR"), new HelpCommand("explain <use case>", "what it measures")],
            [new UseCaseName("scm", "SCM"), new UseCaseName("security", "Application security")],
            "There is no use case \"foo\"."));

        Assert.Equal(
            """
            There is no use case "foo".

            /adoption commands:
              kpi                 share of ARR
              explain <use case>  what it measures
            Use cases: scm, security (Application security)
            """.ReplaceLineEndings("\n").TrimEnd(), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Explain_prints_formula_bands_and_the_green_rule()
    {
        var text = TextRenderer.Render(ExplainBuilder.Build(Model.FindUseCase("ci")!, Model));

        Assert.Equal("CI (ci) — Continuous integration: CI builds per billable user in the last 28 days.", Lines(text)[0]);
        Assert.Equal("Applies to: every plan", Lines(text)[1].Trim());
        Assert.Equal("CI builds per billable user = ci builds divided by billable users, over the last 28 days", LineStartingWith(text, "CI builds per billable user ="));
        Assert.Equal("red <= 2 · yellow > 2 and <= 40 · green > 40 (higher is better)", LineStartingWith(text, "red "));
        Assert.StartsWith("How it turns green: Green when its metric is green.", LineStartingWith(text, "How it turns green"), StringComparison.Ordinal);
        Assert.Equal($"Model {Model.Version}", Lines(text)[^1]);
    }

    [Fact]
    public void Kpi_prints_every_level_with_points_change_and_arr_only_when_present()
    {
        var answer = new KpiAnswer(Today, Today.AddDays(-7), 7, new Money(1000m, "USD"),
        [
            new KpiLine("0", 0.1, 1, new Money(100m, "USD"), -10, -1),
            new KpiLine("3+", 0.4, 1, new Money(400m, "USD"), 0.0, 0),
            new KpiLine("no data", 0.1, 1, new Money(100m, "USD"), 2.26, 1),
        ], 3);

        var text = TextRenderer.Render(answer);
        var hidden = TextRenderer.Render(answer with { TotalArr = null, Levels = answer.Levels.Select(l => l with { Arr = null }).ToList() });

        Assert.Equal("ARR by adoption level as of 2026-11-23 (change vs 2026-11-16 in percentage points)", Lines(text)[0].TrimEnd());
        Assert.Equal("level 0     10.0%  -10.0 pp         1 accounts     -1   ARR $100", Lines(text)[1].Trim());
        Assert.Equal("level 3+    40.0%   ±0.0 pp         1 accounts     ±0   ARR $400", Lines(text)[2].Trim());
        Assert.Equal("no data     10.0%   +2.3 pp         1 accounts     +1   ARR $100", Lines(text)[3].Trim());
        Assert.Equal("Level 3+ is platform adoption. 7 accounts, ARR $1,000.", Lines(text)[^1]);
        Assert.DoesNotContain("ARR $", hidden, StringComparison.Ordinal);
        Assert.Equal("Level 3+ is platform adoption. 7 accounts.", Lines(hidden)[^1]);
    }

    [Fact]
    public void Movers_lists_up_and_down_with_arrows_and_counts()
    {
        var text = TextRenderer.Render(new MoversAnswer(Today, Today.AddDays(-7),
            [new Mover("A-1", "Acme Corp", "2", "3+", 1, new Money(300_000m, "USD"))], [], 12, 0));

        Assert.Equal(
            """
            Level changes from 2026-11-16 to 2026-11-23, largest ARR first
            Up (12):
              ▲ Acme Corp (A-1): level 2 → 3+ · ARR $300K
              … and 11 more
            Down (0): none
            """.ReplaceLineEndings("\n").TrimEnd(), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_error_is_its_message()
    {
        Assert.Equal("No scores are stored yet.", TextRenderer.Render(new ErrorAnswer("No scores are stored yet.")));
    }

    [Fact]
    public void Markers_are_words_in_brackets_not_emoji()
    {
        Assert.Equal("[G]", TextRenderer.Marker(HealthColor.Green));
        Assert.Equal("[R]", TextRenderer.Marker(HealthColor.Red));
        Assert.Equal("[?]", TextRenderer.Marker(HealthColor.Unknown, UseCaseStatus.NoData));
        Assert.Equal("[-]", TextRenderer.Marker(HealthColor.Unknown, UseCaseStatus.NotApplicable));
    }
}
