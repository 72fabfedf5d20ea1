using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Scoring;
using PlatformBot.Slack;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>
/// Every answer kind rendered on every surface - text, Block Kit, Adaptive Card, and the preview page's message - says
/// the same facts in the same words: the headline and level, each use case's color or state, the trend, the metrics,
/// the money string; and where ARR is hidden no surface shows an amount. Surfaces are read as their readers see them
/// (markup resolved), so the check is about words, not escaping.
/// </summary>
public sealed class CrossSurfaceTests
{
    private static readonly Money Arr = new(300_000m, "USD");

    /// <summary>The lines a reader sees on each surface.</summary>
    private static Dictionary<string, string[]> Surfaces(Answer answer)
    {
        using var slack = JsonDocument.Parse(SlackJson.Serialize(BlockKitRenderer.Render(answer)));
        return new(StringComparer.Ordinal)
        {
            ["text"] = Lines(TextRenderer.Render(answer)),
            ["slack"] = Slack(slack.RootElement),
            ["teams"] = [.. TeamsMarkdownReader.ReadCard(AdaptiveCardRenderer.Render(answer)).SelectMany(f => Lines(f.Reading.Visible))],
        };
    }

    private static string[] Slack(JsonElement message) => [.. SlackMrkdwnReader.ReadAll(message).SelectMany(f => Lines(f.Reading.Visible))];

    private static string[] Lines(string text) => text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Each fact is a set of phrases that must appear together on one line of every surface.</summary>
    private static void AssertSameFacts(IReadOnlyDictionary<string, string[]> surfaces, IEnumerable<string[]> facts, bool arrHidden)
    {
        foreach (var fact in facts)
        {
            foreach (var (surface, lines) in surfaces)
            {
                Assert.True(lines.Any(l => fact.All(p => l.Contains(p, StringComparison.Ordinal))),
                    $"{surface} lacks [{string.Join(" | ", fact)}] in:\n{string.Join('\n', lines)}");
            }
        }

        if (arrHidden)
        {
            foreach (var (surface, lines) in surfaces)
            {
                Assert.False(lines.Any(l => l.Contains('$', StringComparison.Ordinal) || l.Trim() is "ARR" or "ARR:"),
                    $"{surface} shows ARR where it is hidden:\n{string.Join('\n', lines)}");
            }
        }
    }

    private static IEnumerable<string[]> CardFacts(ScoreCardAnswer card)
    {
        yield return [card.Name];
        yield return [card.Headline];
        yield return [Wording.LevelTrends(card)];
        yield return [Wording.CardFooter(card)];
        if (card.Arr is { } arr)
        {
            yield return [Figures.ExactMoney(arr)];
        }

        foreach (var u in card.UseCases)
        {
            yield return [u.Name, Wording.UseCaseState(u)];
            if (u.Status == UseCaseStatus.NotApplicable)
            {
                continue;
            }

            if (Wording.UseCaseTrends(u) is { Count: > 0 } trends)
            {
                yield return [.. trends];
            }

            foreach (var m in u.Metrics)
            {
                yield return [m.Name];
                yield return [Wording.Metric(m)];
            }

            if (u.DistanceToGreen is { } distance)
            {
                yield return [distance];
            }
        }

        // A FactSet puts a name and its value on lines of their own in Teams.
        yield return [card.LicenseUtilization.Name];
        yield return [Wording.Measure(card.LicenseUtilization)];
        yield return [card.Engagement.Name];
        yield return [Wording.Measure(card.Engagement)];
    }

    /// <summary>The card at one level: <paramref name="greens"/> use cases green, the rest red (Security stays as scored).</summary>
    private static ScoreCardAnswer AtLevel(int greens, bool maySeeArr = true)
    {
        var card = Card(maySeeArr: maySeeArr);
        var turned = 0;
        var useCases = card.UseCases.Select(u =>
        {
            if (u.Status != UseCaseStatus.Scored)
            {
                return u;
            }

            var color = turned++ < greens ? HealthColor.Green : HealthColor.Red;
            return u with { Color = color, DistanceToGreen = color == HealthColor.Green ? null : u.DistanceToGreen };
        }).ToList();
        var level = greens >= card.PlatformThreshold ? card.PlatformThreshold + "+" : greens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return card with { AdoptionScore = greens, Level = level, UseCases = useCases };
    }

    public static TheoryData<string> Cards() => ["level 0", "level 1", "level 2", "level 3+", "no data", "not in plan", "level 2, ARR hidden"];

    private static ScoreCardAnswer CardFor(string kind) => kind switch
    {
        "level 0" => AtLevel(0),
        "level 1" => AtLevel(1),
        "level 2" => AtLevel(2),
        "level 3+" => AtLevel(3),
        "no data" => Card(history: [Snapshot(Today.AddDays(-7), null, "no data", "unknown", "unknown", "unknown", "unknown")]) with
        {
            AdoptionScore = null,
            Level = "no data",
            UseCases = [.. Card().UseCases.Select(u => u with { Color = HealthColor.Unknown, Status = UseCaseStatus.NoData, DistanceToGreen = null, Metrics = [.. u.Metrics.Select(m => m with { Value = null, ValueText = "no data", Color = HealthColor.Unknown })] })],
        },
        "not in plan" => Card(plan: "premium"),
        _ => AtLevel(2, maySeeArr: false),
    };

    [Theory]
    [MemberData(nameof(Cards))]
    public void A_card_says_the_same_on_every_surface(string kind)
    {
        var card = CardFor(kind);

        AssertSameFacts(Surfaces(card), CardFacts(card), arrHidden: card.Arr is null);
    }

    [Fact]
    public void A_pick_list_and_not_found_say_the_same_on_every_surface()
    {
        var choices = new[] { new AccountChoice("A-1", "Acme Corp", "enterprise", "emea"), new AccountChoice("A-2", "Acme Labs", null, "amer") };
        var pick = new PickListAnswer("acme", choices, 7);
        var none = new NotFoundAnswer("acmee", choices);
        var bare = new NotFoundAnswer("zzz", []);

        AssertSameFacts(Surfaces(pick), [[Wording.PickListHeadline(pick)], [Wording.PickListMore(pick)!], ["Acme Corp"], ["Acme Labs"]], arrHidden: true);
        AssertSameFacts(Surfaces(none), [[Wording.NotFound(none)], ["Acme Corp"], ["Acme Labs"]], arrHidden: true);
        AssertSameFacts(Surfaces(bare), [[Wording.NotFound(bare)]], arrHidden: true);
    }

    [Fact]
    public void Help_and_explain_say_the_same_on_every_surface()
    {
        var help = new HelpAnswer(LookupService.Commands, [.. Model.UseCases.Select(u => new UseCaseName(u.Id, u.Name))], "\"zz\" is neither an account nor a command.");
        var explain = ExplainBuilder.Build(Model.FindUseCase("ci")!, Model);

        AssertSameFacts(Surfaces(help),
            [[help.Note!], [Wording.UseCaseList(help)], .. help.Commands.Select(c => new[] { c.Usage }), .. help.Commands.Select(c => new[] { c.Description })],
            arrHidden: true);
        AssertSameFacts(Surfaces(explain),
        [
            [Wording.ExplainTitle(explain)], [explain.Description], [explain.AppliesTo], [explain.HowItTurnsGreen], [explain.AcrossSubscriptions],
            .. explain.Metrics.SelectMany(m => new[] { new[] { m.Name, m.Formula }, [m.Red], [m.Yellow], [m.Green], [Wording.Direction(m.HigherIsBetter)] }),
        ], arrHidden: true);
    }

    [Fact]
    public void Kpi_and_movers_say_the_same_on_every_surface_with_arr_only_where_allowed()
    {
        var kpi = new KpiAnswer(Today, Today.AddDays(-7), 7, new Money(1_250_000m, "USD"),
        [
            new KpiLine("0", 0.1, 1, new Money(125_000m, "USD"), -10, -1),
            new KpiLine("3+", 0.8, 5, new Money(1_000_000m, "USD"), 0.0, 0),
            new KpiLine("no data", 0.1, 1, new Money(125_000m, "USD"), 2.26, 1),
        ], 3);
        var hiddenKpi = kpi with { TotalArr = null, Levels = [.. kpi.Levels.Select(l => l with { Arr = null })] };
        var movers = new MoversAnswer(Today, Today.AddDays(-7), [new Mover("A-1", "Acme Corp", "2", "3+", 1, Arr)], [new Mover("A-2", "Globex", "1", "0", -1, new Money(95_000m, "USD"))], 12, 1);
        var hiddenMovers = movers with { Up = [.. movers.Up.Select(m => m with { Arr = null })], Down = [.. movers.Down.Select(m => m with { Arr = null })] };

        foreach (var (answer, hidden) in new[] { (kpi, false), (hiddenKpi, true) })
        {
            AssertSameFacts(Surfaces(answer),
            [
                [Wording.KpiTitle(answer)], [Wording.KpiFooter(answer)],
                .. answer.Levels.Select(l => new[] { Wording.LevelName(l.Level) }),
                .. answer.Levels.Select(l => new[] { Figures.Share(l.Share) }),
                .. answer.Levels.Select(l => new[] { Figures.Points(l.ShareChangePoints!.Value) }),
                .. answer.Levels.Where(l => l.Arr is not null).Select(l => new[] { Figures.Money(l.Arr!.Value) }),
            ], hidden);
        }

        Assert.Contains(Surfaces(kpi).Values, lines => lines.Any(l => l.Contains("$1.25M", StringComparison.Ordinal)));
        foreach (var (answer, hidden) in new[] { (movers, false), (hiddenMovers, true) })
        {
            AssertSameFacts(Surfaces(answer),
            [
                [Wording.MoversHeadline(answer)], [Wording.More(11)],
                .. answer.Up.Concat(answer.Down).Select(m => new[] { m.Name }),
                .. answer.Up.Concat(answer.Down).Select(m => new[] { Wording.MoverChange(m) }),
            ], hidden);
        }
    }

    /// <summary>Each digest kind, with and without ARR: Slack (blocks and the text fallback), Teams (card and text) and plain text.</summary>
    [Fact]
    public async Task Each_digest_kind_says_the_same_on_every_surface_with_arr_only_where_allowed()
    {
        using var slack = new FakeSlack();
        using var host = new DigestHost(slack);
        await DigestData.SeedAsync(host);

        foreach (var kind in DigestKinds.All)
        {
            foreach (var showArr in new[] { true, false })
            {
                var content = await host.Get<DigestPreview>().BuildAsync(kind, DigestFilters.None, DigestData.Current, "Europe/Berlin", showArr, CancellationToken.None);
                var rendered = SlackDigestRenderer.Render(content);
                var teams = TeamsDigestRenderer.Render(content);
                var surfaces = new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["text"] = Lines(content.ToPlainText()),
                    ["slack"] = [.. new[] { rendered.TopLevel }.Concat(rendered.Thread).SelectMany(m => { using var d = JsonDocument.Parse(SlackJson.Serialize(m)); return Slack(d.RootElement); })],
                    ["slack text"] = [.. new[] { rendered.FallbackTopLevel }.Concat(rendered.FallbackThread).SelectMany(t => Lines(SlackMrkdwnReader.Read(t, verbatim: false).Visible))],
                    ["teams"] = [.. TeamsMarkdownReader.ReadCard(teams.Attachments![0].Content!).SelectMany(f => Lines(f.Reading.Visible))],
                    ["teams text"] = Lines(TeamsMarkdownReader.Read(TeamsDigestRenderer.RenderText(content).Text!).Visible),
                };

                var facts = new List<string[]> { new[] { content.Headline }, new[] { content.Footer.Text } };
                foreach (var block in content.Summary.Concat(content.Details))
                {
                    switch (block)
                    {
                        case DigestList list:
                            facts.Add([list.Title]);
                            facts.AddRange(list.Lines.Select(l => new[] { l.Strong ?? string.Empty, l.Text }));
                            break;
                        case DigestTable table:
                            facts.Add([table.Title]);
                            facts.AddRange(table.Rows.SelectMany(r => r).Select(cell => new[] { cell }));
                            break;
                        case DigestNote note:
                            facts.Add([note.Text]);
                            break;
                    }
                }

                AssertSameFacts(surfaces, facts, arrHidden: !showArr);
                if (showArr)
                {
                    Assert.All(surfaces.Values, lines => Assert.Contains(lines, l => l.Contains('$', StringComparison.Ordinal)));
                }
            }
        }
    }

    /// <summary>
    /// On the real host: what the preview page gets for a command (the Slack message SlackReplies makes) says what the
    /// same answer says as text and as an Adaptive Card - for a card at 3+, one at level 1, one with no data, a pick
    /// list, not found, help, explain, kpi and movers - and, the preview hiding ARR by default, shows no amount.
    /// </summary>
    [Fact]
    public async Task The_preview_says_what_text_and_teams_say_for_the_same_command()
    {
        using var factory = new PlatformBotFactory();
        await SampleData.SeedAsync(factory.Services);
        using var client = factory.CreateClient();
        var lookup = factory.Services.GetRequiredService<LookupService>();
        var viewer = new Viewer("preview:test", "preview", MaySeeArr: false, null);

        foreach (var command in new[] { "acme corp", "acme labs", "globex", "acme", "acmx lbs", "help", "explain ci", "kpi", "movers" })
        {
            var answer = await lookup.AskAsync(command, viewer, CancellationToken.None);
            using var response = await client.PostAsJsonAsync("/preview/api/command", new { text = command });
            using var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var surfaces = Surfaces(answer);
            surfaces["preview"] = Slack(preview.RootElement.GetProperty("message"));

            var facts = answer switch
            {
                ScoreCardAnswer card => CardFacts(card),
                PickListAnswer pick => [[Wording.PickListHeadline(pick)], .. pick.Choices.Select(c => new[] { c.Name })],
                NotFoundAnswer none => [[Wording.NotFound(none)], .. none.Suggestions.Select(c => new[] { c.Name })],
                HelpAnswer help => [[Wording.UseCaseList(help)], .. help.Commands.Select(c => new[] { c.Description })],
                ExplainAnswer explain => [[Wording.ExplainTitle(explain)], [explain.HowItTurnsGreen]],
                KpiAnswer kpi => [[Wording.KpiTitle(kpi)], [Wording.KpiFooter(kpi)], .. kpi.Levels.Select(l => new[] { Wording.LevelName(l.Level) }), .. kpi.Levels.Select(l => new[] { Figures.Share(l.Share) })],
                ErrorAnswer error => [[error.Message]],
                _ => throw new InvalidOperationException(answer.GetType().Name),
            };
            AssertSameFacts(surfaces, facts, arrHidden: true);
        }
    }
}
