using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Scoring;
using PlatformBot.Slack;
using PlatformBot.Teams;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// Score-changes lists built by the real <see cref="DigestBuilder"/> from a hand-made data set (two snapshots over
/// the bundled model), then rendered for Slack and Teams: what an entry says, where it leads, how missing data and cut
/// lists are reported (issue 15, ADR 0025).
/// </summary>
public sealed class DigestListTests
{
    private static readonly ScoringModel Model = BundledModels.Load(BundledModels.DefaultName);
    private static readonly DateOnly Now = new(2026, 11, 23);
    private static readonly DateOnly Before = new(2026, 11, 16);
    private static readonly int NoData = Model.LevelLabels.Count - 1;
    private static readonly int Top = Model.PlatformThreshold;

    private sealed record Row(string Id, string Name, int From, int To, long Arr = 100_000, string? Owner = "sam@example.com", string? Csm = "jo@example.com");

    private static DigestDataSet Data(params Row[] rows)
    {
        var useCases = Model.UseCases.Count;
        var previous = new SnapshotColumn(Before, rows.Length, useCases);
        var current = new SnapshotColumn(Now, rows.Length, useCases);
        for (var i = 0; i < rows.Length; i++)
        {
            previous.Level[i] = (sbyte)rows[i].From;
            current.Level[i] = (sbyte)rows[i].To;
            previous.ArrCents[i] = current.ArrCents[i] = rows[i].Arr * 100;
        }

        var accounts = rows.Select(r => new DigestAccount(r.Id, r.Name, "enterprise", "emea", r.Owner, r.Csm, ["ultimate"])).ToArray();
        return new DigestDataSet(Now, Before, [Before, Now], accounts, new Dictionary<DateOnly, SnapshotColumn> { [Before] = previous, [Now] = current }, Model);
    }

    private static DigestBuilder Builder(int maxListed = 200) =>
        new(Options.Create(new DigestOptions { MaxListedAccounts = maxListed }), Options.Create(new DisplayOptions()));

    private static DigestContent ScoreChanges(DigestDataSet data, int maxListed = 200, bool unlimited = false) =>
        Builder(maxListed).Build(data, new DigestRequest(DigestKind.ScoreChanges, new DigestFilters(Segment: "enterprise"), "Europe/Berlin", ShowArr: false, Unlimited: unlimited));

    private static DigestList List(DigestContent content, string key) => Assert.Single(content.Details.OfType<DigestList>(), l => l.Key == key);

    [Fact]
    public void Missing_data_is_not_movement_started_and_stopped_reporting_are_their_own_sections()
    {
        var content = ScoreChanges(Data(
            new Row("A1", "Appears", NoData, 1),
            new Row("A2", "Vanishes", 0, NoData),
            new Row("A3", "Climbs", 1, 2),
            new Row("A4", "Appears at the top", NoData, Top),
            new Row("A5", "Vanishes from the top", Top, NoData)));

        Assert.Equal(["Up (1)", "Started reporting (no data before) (2)", "Stopped reporting (no data now) (2)"], content.Details.OfType<DigestList>().Select(l => l.Title));
        Assert.Equal(["Climbs"], List(content, "up").Lines.Select(l => l.Strong));
        Assert.Equal(["A1", "A4"], List(content, "started-reporting").Lines.Select(l => l.AccountId).Order(StringComparer.Ordinal));
        Assert.Equal(["A2", "A5"], List(content, "stopped-reporting").Lines.Select(l => l.AccountId).Order(StringComparer.Ordinal));
        Assert.Contains(": 1 up, 2 started reporting, 2 stopped reporting.", content.Headline, StringComparison.Ordinal);
        Assert.DoesNotContain("into", content.Headline, StringComparison.Ordinal);
        Assert.DoesNotContain("down", content.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rendered_digest_reports_data_that_appeared_or_vanished_apart_from_ups_and_downs()
    {
        var content = ScoreChanges(Data(new Row("A1", "Appears", NoData, 1), new Row("A2", "Vanishes", 0, NoData)));

        var slack = string.Join('\n', SlackDigestRenderer.Render(content).Thread.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Select(s => s.Text!.Text));
        // Teams text is Markdown-escaped ("\(1\)"): read it as Teams shows it.
        var teams = string.Join('\n', TeamsMarkdownReader.ReadCard(TeamsDigestRenderer.Render(content).Attachments![0].Content!).Select(f => f.Reading.Visible));

        foreach (var surface in new[] { slack, teams, content.ToPlainText() })
        {
            Assert.Contains("Started reporting (no data before) (1)", surface, StringComparison.Ordinal);
            Assert.Contains("Stopped reporting (no data now) (1)", surface, StringComparison.Ordinal);
            Assert.DoesNotContain("Up (", surface, StringComparison.Ordinal);
            Assert.DoesNotContain("Down (", surface, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_accounts_with_the_same_name_are_told_apart_by_id_and_owner_and_each_leads_to_its_own_card()
    {
        var content = ScoreChanges(Data(
            new Row("A-1", "Acme", 1, 2, 500_000, "sam@example.com", "jo@example.com"),
            new Row("A-2", "Acme", 1, 2, 400_000, "kim@example.com", null)));

        var lines = List(content, "up").Lines;
        Assert.Equal(["A-1", "A-2"], lines.Select(l => l.AccountId));
        Assert.Equal("Acme (A-1 · owner sam@example.com · CSM jo@example.com) 1 → 2", lines[0].PlainText);
        Assert.Equal("Acme (A-2 · owner kim@example.com) 1 → 2", lines[1].PlainText);

        // Slack: the list's section carries one select of its accounts, the pick list's action (the card opens privately).
        var section = SlackDigestRenderer.Render(content).Thread.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Single(s => s.Text!.Text.StartsWith("*Up (2)*", StringComparison.Ordinal));
        Assert.Contains("*Acme* (A-1 · owner sam@example.com · CSM jo@example.com) 1 → 2", section.Text!.Text, StringComparison.Ordinal);
        var select = Assert.IsType<StaticSelectElement>(section.Accessory);
        Assert.Equal(BlockKitRenderer.PickAccountAction, select.ActionId);
        Assert.Equal([("Acme · A-1", "A-1"), ("Acme · A-2", "A-2")], select.Options!.Select(o => (o.Text.Text, o.Value)));

        // Teams: one compact choice set per list and "Open card", whose data names the choice set.
        var card = TeamsDigestRenderer.Render(content).Attachments![0].Content!.AsObject();
        var choiceSet = Descendants(card).Single(n => (string?)n["type"] == "Input.ChoiceSet");
        Assert.Equal(["A-1", "A-2"], choiceSet["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        Assert.Equal(["Acme · A-1", "Acme · A-2"], choiceSet["choices"]!.AsArray().Select(c => (string?)c!["title"]));
        var open = Descendants(card).Single(n => (string?)n["verb"] == TeamsDigestRenderer.OpenCardVerb && (string?)n["type"] == "Action.Execute");
        Assert.Equal((string?)choiceSet["id"], (string?)open["data"]![TeamsDigestRenderer.InputKey]);
        Assert.True(AdaptiveCardValidator.ValidateMessage(TeamsDigestRenderer.Render(content), TeamsDigestRenderer.MessageBudget).IsValid);
    }

    [Fact]
    public void A_cut_list_says_how_many_are_left_without_naming_a_setting_and_offers_show_all()
    {
        var rows = Enumerable.Range(1, 5).Select(i => new Row($"A{i}", $"Account {i}", 1, 2, 100_000 * i)).ToArray();
        var content = ScoreChanges(Data(rows), maxListed: 2);

        var up = List(content, "up");
        Assert.Equal(["Account 5", "Account 4"], up.Lines.Select(l => l.Strong));
        Assert.Equal("… and 3 more (ranked by ARR)", up.More);
        var showAll = Assert.IsType<DigestShowAll>(up.ShowAll);
        Assert.Equal(new DigestShowAll(DigestKind.ScoreChanges, Now, new DigestFilters(Segment: "enterprise"), "Europe/Berlin", "up"), DigestShowAll.Parse(showAll.ToValue()));

        var slack = SlackDigestRenderer.Render(content);
        var teams = TeamsDigestRenderer.Render(content);
        foreach (var text in new[] { content.ToPlainText(), SlackJson.Serialize(slack.Thread[0]), string.Join('\n', slack.FallbackThread), teams.Attachments![0].Content!.ToJsonString(), TeamsDigestRenderer.RenderText(content).Text! })
        {
            Assert.DoesNotContain("MaxListedAccounts", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Digests:", text, StringComparison.Ordinal);
        }

        var button = slack.Thread.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Select(s => s.Accessory).OfType<ButtonElement>().Single();
        Assert.Equal(SlackDigestRenderer.ShowAllAction, button.ActionId);
        Assert.Equal("Show all", button.Text.Text);
        Assert.Equal(showAll, DigestShowAll.Parse(button.Value));
        var teamsShowAll = Descendants(teams.Attachments![0].Content!.AsObject()).Single(n => (string?)n["verb"] == TeamsDigestRenderer.ShowAllVerb && (string?)n["type"] == "Action.Execute");
        Assert.Equal(showAll, DigestShowAll.Parse((string?)teamsShowAll["data"]![TeamsDigestRenderer.ShowAllKey]));

        // The same builder, unlimited, lists every account of that list (what "Show all" posts).
        var whole = List(ScoreChanges(Data(rows), maxListed: 2, unlimited: true), "up");
        Assert.Equal(5, whole.Lines.Count);
        Assert.Null(whole.More);
        Assert.Null(whole.ShowAll);
    }

    [Fact]
    public void A_whole_list_of_a_thousand_accounts_is_split_within_slack_and_teams_budgets_and_names_who_asked()
    {
        var rows = Enumerable.Range(1, 1000).Select(i => new Row($"A{i:0000}", $"Account {i:0000} with a long name", 1, 2, i)).ToArray();
        var content = ScoreChanges(Data(rows), unlimited: true);
        var whole = content with { Details = [List(content, "up")] };

        var slack = SlackDigestRenderer.RenderWhole(whole, "U0ASKER");
        Assert.True(slack.Count >= 2);
        Assert.All(slack, m => Assert.Empty(BlockKitLimits.Apply(m).Adjustments));
        Assert.All(slack, m => Assert.True(m.Blocks!.Count <= BlockKitLimits.MaxMessageBlocks));
        var selects = slack.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Select(s => s.Accessory).OfType<StaticSelectElement>().ToList();
        Assert.Equal(1000, selects.Sum(s => s.Options!.Count));
        Assert.All(selects, s => Assert.InRange(s.Options!.Count, 1, BlockKitLimits.MaxOptions));
        Assert.Contains("<@U0ASKER>", SlackJson.Serialize(slack[^1]), StringComparison.Ordinal);

        var teams = TeamsDigestRenderer.RenderWhole(whole, "Jo");
        Assert.True(teams.Count >= 2);
        Assert.All(teams, a => Assert.True(AdaptiveCardValidator.ValidateMessage(a, TeamsDigestRenderer.MessageBudget).IsValid));
        var listed = teams.SelectMany(a => Descendants(a.Attachments![0].Content!.AsObject())).Where(n => (string?)n["type"] == "Input.ChoiceSet")
            .SelectMany(n => n["choices"]!.AsArray()).Select(c => (string?)c!["value"]).ToList();
        Assert.Equal(1000, listed.Distinct().Count());
        Assert.Contains("as asked by Jo", teams[^1].Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("owner")]
    public void Hostile_names_owners_and_csms_stay_text_on_slack_and_teams(string field)
    {
        const string hostile = "Sam <@U1> <!here> *b* _i_ ~s~ `c` & <c> [x](https://evil.example) <at>x</at>";
        var row = field == "name" ? new Row("A-1", hostile, 1, 2) : new Row("A-1", "Acme", 1, 2, 100_000, hostile, hostile);
        var content = ScoreChanges(Data(row, new Row("A-2", "Other", 1, 2, 50_000)), maxListed: 1);

        var rendered = SlackDigestRenderer.Render(content);
        var slackFields = rendered.Thread.SelectMany(m => { using var d = JsonDocument.Parse(SlackJson.Serialize(m)); return SlackMrkdwnReader.ReadAll(d.RootElement).ToList(); })
            .Concat(rendered.FallbackThread.Select(t => ("fallback", SlackMrkdwnReader.Read(t, verbatim: false)))).ToList();
        HostileText.AssertInert(slackFields, "slack " + field, hostile);

        var teamsFields = TeamsMarkdownReader.ReadCard(TeamsDigestRenderer.Render(content).Attachments![0].Content!).ToList();
        teamsFields.Add(("text fallback", TeamsMarkdownReader.Read(TeamsDigestRenderer.RenderText(content).Text!)));
        HostileText.AssertInert(teamsFields, "teams " + field, hostile);
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>().SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
        }
    }
}
