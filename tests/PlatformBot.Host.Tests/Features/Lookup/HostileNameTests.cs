using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>
/// Names, ids, owners, queries and filters that try to become markup (<see cref="HostileText"/>) go through every
/// surface - text, Block Kit (answers, App Home, digests), Adaptive Cards (answers, digests) - and every text field
/// that comes out is read as its platform reads it: nothing may turn into a mention, a link or formatting, and the
/// data must read literally. The preview page has its own browser test (PreviewPageTests).
/// </summary>
public sealed class HostileNameTests
{
    private const string Name = HostileText.Name;

    /// <summary>Every answer kind that carries data, with the hostile text in each data field.</summary>
    private static readonly Dictionary<string, Answer> Hostile = new(StringComparer.Ordinal)
    {
        ["card"] = Card() with { Name = Name, Segment = Name, Region = Name, Owner = Name, Csm = Name },
        ["card without ARR"] = Card(maySeeArr: false) with { Name = Name },
        ["pick list"] = new PickListAnswer(Name, [new AccountChoice("A-1", Name, Name, Name), new AccountChoice("A-2", Name, null, null)], 5),
        ["not found"] = new NotFoundAnswer(Name, [new AccountChoice("A-1", Name, Name, null)]),
        ["not found, no suggestion"] = new NotFoundAnswer(Name, []),
        ["help"] = new HelpAnswer(LookupService.Commands, [new UseCaseName("scm", "SCM")], $"\"{Name}\" is neither an account nor a command."),
        ["movers"] = new MoversAnswer(Today, Today.AddDays(-7),
            [new Mover("A-1", Name, "2", "3+", 1, new Money(300_000m, "USD"))], [new Mover("A-2", Name, "1", "0", -1, null)], 1, 1),
    };

    public static TheoryData<string> Answers() => [.. Hostile.Keys];

    [Theory]
    [MemberData(nameof(Answers))]
    public void Block_kit_shows_hostile_data_literally(string kind)
    {
        var answer = Hostile[kind];
        foreach (var forSharing in new[] { false, true })
        {
            using var message = JsonDocument.Parse(SlackJson.Serialize(BlockKitRenderer.Render(answer, forSharing)));
            HostileText.AssertInert(SlackMrkdwnReader.ReadAll(message.RootElement), "slack " + kind);
        }
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Adaptive_cards_show_hostile_data_literally(string kind)
    {
        var answer = Hostile[kind];
        HostileText.AssertInert(TeamsMarkdownReader.ReadCard(AdaptiveCardRenderer.Render(answer)), "teams " + kind);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Text_shows_hostile_data_literally(string kind)
    {
        var text = TextRenderer.Render(Hostile[kind]);

        Assert.True(text.Contains(Name, StringComparison.Ordinal), $"text {kind}: {text}");
    }

    /// <summary>Control characters in data (a terminal escape, a line break, a right-to-left override) never reach a surface.</summary>
    [Fact]
    public void Control_characters_in_data_reach_no_surface()
    {
        const string sly = "Acme\u001b[2J\r\n- x\u202Eevil\u0007";
        var answer = Card() with { Name = sly, Owner = sly };

        var text = TextRenderer.Render(answer);
        var slack = SlackJson.Serialize(BlockKitRenderer.Render(answer));
        var teams = AdaptiveCardRenderer.Render(answer).ToJsonString();

        foreach (var (surface, output) in new[] { ("text", text), ("slack", slack), ("teams", teams) })
        {
            Assert.DoesNotContain("\u001b", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u001B", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\u202E", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u202E", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\u0007", output, StringComparison.Ordinal);
            Assert.False(output.Contains("Acme\n", StringComparison.Ordinal) || output.Contains("Acme\\n", StringComparison.Ordinal) || output.Contains('\r', StringComparison.Ordinal),
                $"{surface}: a line break from data survived: {output}");
        }
    }

    /// <summary>Each digest kind, built by the real builder from a store where one account has the hostile name.</summary>
    [Fact]
    public async Task Every_digest_kind_shows_hostile_data_literally_on_slack_and_teams()
    {
        using var slack = new FakeSlack();
        using var host = new DigestHost(slack);
        await DigestData.SeedAsync(host);
        await using (var db = await host.DbAsync())
        {
            // Alpha crosses into 3+ and turns CD green: it is listed in score changes and among the adoption movers.
            await db.Accounts.Where(a => a.AccountId == "A1").ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, Name));
        }

        foreach (var kind in new[] { DigestKind.ScoreChanges, DigestKind.ArrKpi, DigestKind.AdoptionTrends })
        {
            foreach (var showArr in new[] { true, false })
            {
                var content = await host.Get<DigestPreview>().BuildAsync(kind, DigestFilters.None, DigestData.Current, "Europe/Berlin", showArr, CancellationToken.None);
                var named = kind != DigestKind.ArrKpi;

                var rendered = SlackDigestRenderer.Render(content);
                var slackFields = new[] { rendered.TopLevel }.Concat(rendered.Thread)
                    .SelectMany(m => { using var d = JsonDocument.Parse(SlackJson.Serialize(m)); return SlackMrkdwnReader.ReadAll(d.RootElement).ToList(); })
                    .Concat(new[] { rendered.FallbackTopLevel }.Concat(rendered.FallbackThread).Select(t => ("fallback", SlackMrkdwnReader.Read(t, verbatim: false))))
                    .ToList();
                AssertInertOrAbsent(slackFields, $"slack {kind}", named);

                var teams = TeamsDigestRenderer.Render(content);
                var teamsFields = TeamsMarkdownReader.ReadCard(teams.Attachments![0].Content!).ToList();
                teamsFields.Add(("text", TeamsMarkdownReader.Read(teams.Text ?? string.Empty)));
                teamsFields.Add(("text fallback", TeamsMarkdownReader.Read(TeamsDigestRenderer.RenderText(content).Text!)));
                AssertInertOrAbsent(teamsFields, $"teams {kind}", named);
            }
        }
    }

    /// <summary>The App Home: "My accounts" lists the hostile account; a subscription's filters are hostile too.</summary>
    [Fact]
    public async Task The_app_home_shows_hostile_names_and_filters_literally()
    {
        using var slack = new FakeSlack();
        using var host = new DigestHost(slack);
        await DigestData.SeedAsync(host);
        await using (var db = await host.DbAsync())
        {
            await db.Accounts.Where(a => a.AccountId == "A1").ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, Name));
        }

        await DigestData.SubscribeAsync(host, "C0HOSTILE1", DigestKind.ScoreChanges, new DigestFilters(Segment: Name));
        host.Get<AccountDirectory>().Invalidate(); // rows written behind the importer's back

        var blocks = await SlackHome.BuildAsync(host.Services, "sam@example.com", CancellationToken.None);
        blocks.AddRange(await SlackHome.SubscriptionBlocksAsync(host.Services, "U0CREATOR1", CancellationToken.None));

        using var view = JsonDocument.Parse(SlackJson.Serialize(new HomeView(blocks)));
        HostileText.AssertInert(SlackMrkdwnReader.ReadAll(view.RootElement), "app home", Name, "<#C0HOSTILE1>", "<@U0CREATOR1>");
    }

    private static void AssertInertOrAbsent(IReadOnlyList<(string Path, MarkupReading Reading)> fields, string surface, bool named)
    {
        if (named)
        {
            HostileText.AssertInert(fields, surface);
            return;
        }

        // The ARR KPI names no account: nothing live at all.
        Assert.All(fields, f => Assert.Empty(f.Reading.MentionsAndLinks));
    }
}
