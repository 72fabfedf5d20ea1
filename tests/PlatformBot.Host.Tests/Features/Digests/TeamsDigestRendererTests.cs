using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Teams;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class TeamsDigestRendererTests
{
    private static readonly DigestFooter Footer = new(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 16), "all accounts", "Europe/Berlin", "m");

    private static DigestChart Chart()
    {
        var dates = Enumerable.Range(0, 12).Select(w => new DateOnly(2026, 9, 7).AddDays(7 * w)).ToList();
        var series = new[] { "0", "1", "2", "3+", "no data" }
            .Select((label, i) => (label, dates.Select((_, w) => 5 + (i * 8) + ((w * (i + 3)) % 7)).Select(v => (double)v).ToArray())).ToList();
        return new DigestChart("Share of ARR by adoption level", "chart.png", DigestCharts.AltText("Share of ARR by adoption level", dates, series),
            () => DigestCharts.Lines("Share of ARR by adoption level", "% of ARR", dates, series));
    }

    [Fact]
    public void The_chart_is_a_card_of_its_own_with_the_png_inline_and_within_teams_limits()
    {
        var chart = Chart();

        var activity = TeamsDigestRenderer.RenderChart(chart);

        var validation = AdaptiveCardValidator.ValidateMessage(activity ?? TeamsDigestRenderer.ChartNote("x"), AdaptiveCardValidator.ConservativeMessageBytes);
        Assert.True(activity is not null, $"{chart.Png.Length} byte PNG; {validation.TotalBytes} bytes in all, {validation.MessageBytes} counted; {string.Join("; ", validation.Errors)}");
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.True(validation.TotalBytes <= AdaptiveCardValidator.MaxMessageBytes);
        Assert.Contains("data:image/png;base64,", activity.Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal);
    }
}
