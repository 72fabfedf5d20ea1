using System.Text.Json;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>
/// The same answer said differently on each surface (the renderers each had their own copy of the wording): "not in
/// plan" vs "not applicable", "was level no data", "300,000" vs "$300K", "+0.0 pp" vs "±0.0 pp".
/// </summary>
public sealed class SurfaceWordingTests
{
    /// <summary>What a reader sees on each surface: the CLI text, and every text field of the Slack message and the Teams card.</summary>
    private static IEnumerable<(string Surface, string Seen)> Surfaces(Answer answer)
    {
        yield return ("text", TextRenderer.Render(answer));
        using var slack = JsonDocument.Parse(SlackJson.Serialize(BlockKitRenderer.Render(answer)));
        yield return ("slack", string.Join("\n", SlackMrkdwnReader.ReadAll(slack.RootElement).Select(f => f.Reading.Visible)));
        yield return ("teams", string.Join("\n", TeamsMarkdownReader.ReadCard(AdaptiveCardRenderer.Render(answer)).Select(f => f.Reading.Visible)));
    }

    [Fact]
    public void A_use_case_outside_the_plan_reads_not_in_plan_on_every_surface()
    {
        foreach (var (surface, seen) in Surfaces(Card(plan: "premium")))
        {
            Assert.True(seen.Contains("not in plan (only on ultimate)", StringComparison.Ordinal), $"{surface}: {seen}");
            Assert.DoesNotContain("not applicable", seen, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_level_that_was_no_data_reads_was_no_data_on_every_surface()
    {
        var card = Card(history: [Snapshot(Today.AddDays(-7), null, "no data", "unknown", "unknown", "unknown", "unknown")]);

        foreach (var (surface, seen) in Surfaces(card))
        {
            Assert.True(seen.Contains("since 2026-11-16 (was no data)", StringComparison.Ordinal), $"{surface}: {seen}");
            Assert.DoesNotContain("level no data", seen, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Arr_in_a_list_reads_as_the_same_compact_amount_on_every_surface_and_in_digests()
    {
        var movers = new MoversAnswer(Today, Today.AddDays(-7), [new Mover("A-1", "Acme Corp", "2", "3+", 1, new Money(300_000m, "USD"))], [], 1, 0);

        foreach (var (surface, seen) in Surfaces(movers))
        {
            Assert.True(seen.Contains("ARR $300K", StringComparison.Ordinal), $"{surface}: {seen}");
        }

        Assert.Equal("$300K", Figures.Money(new Money(300_000m, "USD")));
    }

    [Fact]
    public void A_change_of_zero_percentage_points_reads_the_same_on_every_surface_and_in_digests()
    {
        var kpi = new KpiAnswer(Today, Today.AddDays(-7), 1, null, [new KpiLine("3+", 1, 1, null, 0.0, 0)], 3);

        foreach (var (surface, seen) in Surfaces(kpi))
        {
            Assert.True(seen.Contains("±0.0 pp", StringComparison.Ordinal), $"{surface}: {seen}");
        }

        Assert.Equal("±0.0 pp", Figures.Points(0.0));
    }
}
