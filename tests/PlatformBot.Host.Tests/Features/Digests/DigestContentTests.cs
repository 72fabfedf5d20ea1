using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Slack;
using PlatformBot.Teams;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class DigestContentTests : IAsyncLifetime, IDisposable
{
    private readonly FakeSlack _slack = new();
    private DigestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new DigestHost(_slack);
        await DigestData.SeedAsync(_host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _host.Dispose();
        _slack.Dispose();
    }

    private Task<DigestContent> Build(DigestKind kind, DigestFilters? filters = null, bool showArr = true) =>
        _host.Get<DigestPreview>().BuildAsync(kind, filters ?? DigestFilters.None, DigestData.Current, "Europe/Berlin", showArr, CancellationToken.None);

    private static List<string> ListedNames(DigestContent content) =>
        [.. content.Details.OfType<DigestList>().SelectMany(l => l.Lines).Select(l => l.Strong!)];

    [Fact]
    public async Task Score_changes_list_crossings_into_then_out_of_3plus_then_up_then_down_each_ranked_by_arr()
    {
        var content = await Build(DigestKind.ScoreChanges);

        Assert.Equal(["Alpha", "Bravo", "Golf", "Charlie", "Delta", "Echo"], ListedNames(content));
        Assert.Equal(["Crossed into 3+ (1)", "Dropped out of 3+ (1)", "Up (2)", "Down (1)", "Use-case changes at the same level (1)"],
            content.Details.OfType<DigestList>().Select(l => l.Title));
        Assert.Contains("6 accounts changed since 2026-11-16: 1 into 3+, 1 out of 3+, 2 up, 1 down, 1 use-case changes at the same level", content.Headline, StringComparison.Ordinal);
        var alpha = content.Details.OfType<DigestList>().First().Lines[0];
        Assert.Equal("2 → 3+ · ARR $500K · CD red→green", alpha.Text);
        Assert.False(content.NothingChanged);
    }

    [Fact]
    public async Task Score_changes_apply_the_filters_and_state_them_the_data_date_and_the_time_zone()
    {
        var enterprise = await Build(DigestKind.ScoreChanges, new DigestFilters(Segment: "Enterprise"));
        Assert.DoesNotContain("Delta", ListedNames(enterprise));
        Assert.Equal("Data as of 2026-11-23, compared with 2026-11-16 · Filters: segment=Enterprise · Time zone: Europe/Berlin · Model test-model".Replace("test-model", enterprise.Footer.ModelVersion, StringComparison.Ordinal),
            enterprise.Footer.Text);

        var amer = await Build(DigestKind.ScoreChanges, new DigestFilters(Region: "amer"));
        Assert.Equal(["Charlie"], ListedNames(amer));

        var ultimate = await Build(DigestKind.ScoreChanges, new DigestFilters(Plan: "ultimate"));
        Assert.Equal(["Alpha", "Bravo", "Golf"], ListedNames(ultimate));

        var owner = await Build(DigestKind.ScoreChanges, new DigestFilters(Owner: "sam@example.com"));
        Assert.Equal(["Alpha"], ListedNames(owner));
    }

    [Fact]
    public async Task Score_changes_for_one_use_case_list_only_accounts_whose_color_changed_there()
    {
        var content = await Build(DigestKind.ScoreChanges, new DigestFilters(UseCase: "ci"));

        Assert.Equal(["Bravo", "Golf", "Delta", "Echo"], ListedNames(content));
        Assert.All(content.Details.OfType<DigestList>().SelectMany(l => l.Lines), l => Assert.Contains("CI ", l.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("CD", string.Join(' ', content.Details.OfType<DigestList>().SelectMany(l => l.Lines).Select(l => l.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_changes_say_no_changes_when_nothing_moved()
    {
        var content = await Build(DigestKind.ScoreChanges, new DigestFilters(Segment: "mid-market"));

        Assert.True(content.NothingChanged);
        Assert.StartsWith("No score changes since 2026-11-16", content.Headline, StringComparison.Ordinal);
        Assert.Empty(content.Details);
    }

    [Fact]
    public async Task Arr_kpi_gives_share_of_arr_and_accounts_per_level_with_week_on_week_points_and_a_12_week_trend_as_text_and_png()
    {
        var content = await Build(DigestKind.ArrKpi);

        var table = Assert.IsType<DigestTable>(Assert.Single(content.Summary));
        // total ARR $2.8M; 3+ now Alpha $500K = 17.9 %, before Bravo $900K = 32.1 % -> -14.3 pp
        Assert.Equal(["3+", "17.9%", "-14.3 pp", "1", "±0", "$500K"], table.Rows[3]);
        Assert.Equal(["0", "0.0%", "-3.6 pp", "0", "-1", "$0"], table.Rows[0]);
        Assert.Equal(["no data", "1.8%", "±0.0 pp", "1", "±0", "$50K"], table.Rows[4]);
        Assert.StartsWith("3+ holds 17.9% of ARR (-14.3 pp week on week); 1 of 8 accounts", content.Headline, StringComparison.Ordinal);

        var trend = Assert.IsType<DigestTable>(Assert.Single(content.Details));
        Assert.Equal(12, trend.Rows.Count);
        Assert.Equal("2026-09-07", trend.Rows[0][0]);
        Assert.Equal("2026-11-23", trend.Rows[^1][0]);

        var chart = Assert.IsType<DigestChart>(content.Chart);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], chart.Png.Take(4));
        Assert.Contains("3+ 32.1% to 17.9%", chart.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adoption_trends_give_green_accounts_and_green_arr_share_per_use_case_movers_and_a_chart()
    {
        var content = await Build(DigestKind.AdoptionTrends);

        var table = Assert.IsType<DigestTable>(Assert.Single(content.Summary));
        Assert.Equal(["SCM", "CI", "CD", "Security"], table.Rows.Select(r => r[0]));
        // CI green now: Alpha 500K + Golf 700K + Foxtrot 200K = 1.4M of 2.8M = 50 %; before: Alpha, Bravo, Delta, Foxtrot = 1.65M = 58.9 %
        Assert.Equal(["CI", "3", "50.0%", "-8.9 pp", "-1"], table.Rows[1]);
        Assert.Contains("CI 50.0% (-8.9 pp)", content.Headline, StringComparison.Ordinal);
        // the 12-week trend carries both: share of ARR green and accounts green, week by week
        var trends = content.Details.OfType<DigestTable>().ToList();
        Assert.Equal(["% of ARR green, last 12 week(s)", "Accounts green, last 12 week(s)"], trends.Select(t => t.Title));
        Assert.Equal(12, trends[1].Rows.Count);
        Assert.Equal(["2026-11-16", "6", "4", "1", "0"], trends[1].Rows[^2]);
        Assert.Equal(["2026-11-23", "7", "3", "2", "0"], trends[1].Rows[^1]);
        var movers = content.Details.OfType<DigestList>().ToList();
        Assert.Equal("Largest movers: turned green (3)", movers[0].Title);
        Assert.Equal("Golf", movers[0].Lines[0].Strong);
        Assert.Equal("Largest movers: no longer green (2)", movers[1].Title);
        Assert.Equal("Bravo", movers[1].Lines[0].Strong);
        Assert.NotNull(content.Chart);

        var oneUseCase = await Build(DigestKind.AdoptionTrends, new DigestFilters(UseCase: "cd"));
        Assert.Equal(["CD"], Assert.IsType<DigestTable>(Assert.Single(oneUseCase.Summary)).Rows.Select(r => r[0]));
    }

    [Fact]
    public async Task A_date_before_any_snapshot_says_so_instead_of_an_empty_digest()
    {
        var content = await _host.Get<DigestPreview>().BuildAsync(DigestKind.ArrKpi, DigestFilters.None, new DateOnly(2020, 1, 1), null, showArr: false, CancellationToken.None);

        Assert.True(content.NothingChanged);
        Assert.Contains("No stored scores yet", content.Headline, StringComparison.Ordinal);
        Assert.Contains("Data as of n/a", content.Footer.Text, StringComparison.Ordinal);
        Assert.Contains("Time zone: Europe/Berlin", content.Footer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_rendering_keeps_the_headline_on_top_and_details_in_thread_messages_within_block_kit_limits()
    {
        var content = await Build(DigestKind.ScoreChanges);
        var slack = SlackDigestRenderer.Render(content);

        Assert.Contains("6 accounts changed", slack.TopLevel.Text, StringComparison.Ordinal);
        Assert.NotEmpty(slack.Thread);
        foreach (var message in slack.Thread.Prepend(slack.TopLevel))
        {
            Assert.False(BlockKitLimits.Apply(message).WasAdjusted, "no block needed cutting");
            Assert.True(message.Blocks!.Count <= 50);
        }

        var footer = slack.TopLevel.Blocks!.OfType<ContextBlock>().Last();
        Assert.Contains("Time zone: Europe/Berlin", ((MrkdwnText)footer.Elements[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_list_is_split_across_sections_and_thread_messages_never_cut()
    {
        var lines = Enumerable.Range(1, 400).Select(i => new DigestLine($"Account {i:000} & Co <x>", $"2 → 3+ · ARR $1{i}K · CI red→green, CD red→green")).ToList();
        var content = new DigestContent(DigestKind.ScoreChanges, "Title", "400 changed", [], [new DigestList("Up (400)", lines)], null,
            new DigestFooter(new DateOnly(2026, 11, 23), null, "all accounts", "Etc/UTC", "m"), false);

        var slack = SlackDigestRenderer.Render(content);

        Assert.True(slack.Thread.Count >= 2);
        var text = string.Join('\n', slack.Thread.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Select(s => s.Text!.Text));
        Assert.Equal(400, text.Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal)));
        Assert.Contains("*Account 001 &amp; Co &lt;x&gt;*", text, StringComparison.Ordinal);
        Assert.All(slack.Thread, m => Assert.False(BlockKitLimits.Apply(m).WasAdjusted));
        Assert.All(slack.FallbackThread, t => Assert.True(t.Length <= 4000));
    }

    [Fact]
    public async Task Teams_gets_the_same_content_as_a_valid_adaptive_card_1_5()
    {
        foreach (var kind in DigestKinds.All)
        {
            var content = await Build(kind);
            var activity = TeamsDigestRenderer.Render(content);
            var validation = AdaptiveCardValidator.ValidateMessage(activity);

            Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
            var card = activity.Attachments![0].Content!.ToJsonString();
            Assert.Contains("\"version\":\"1.5\"", card, StringComparison.Ordinal);
            Assert.Contains(content.Title, card, StringComparison.Ordinal);
            Assert.Contains("Time zone: Europe/Berlin", card, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Preview_prints_the_slack_calls_in_order_with_the_thread_and_the_chart_upload()
    {
        var content = await Build(DigestKind.ArrKpi);
        var json = SlackDigestPreview.Json(content, "C0PREVIEW");

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var calls = document.RootElement.EnumerateArray().ToList();
        Assert.Equal("chat.postMessage", calls[0].GetProperty("method").GetString());
        Assert.False(calls[0].GetProperty("body").TryGetProperty("thread_ts", out _));
        Assert.Equal("header", calls[0].GetProperty("body").GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("<ts of the first message>", calls[1].GetProperty("body").GetProperty("thread_ts").GetString());
        Assert.StartsWith("files.", calls[^1].GetProperty("method").GetString(), StringComparison.Ordinal);
    }
}
