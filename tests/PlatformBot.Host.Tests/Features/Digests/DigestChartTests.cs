using PlatformBot.Host.Features.Digests;
using ScottPlot;
using ScottPlot.Panels;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// The trend charts (ScottPlot). Each run writes the PNGs of a test digest (enterprise segment, 12 weeks) to
/// <c>TestResults/charts/</c> under the test project's output folder
/// (tests/PlatformBot.Host.Tests/bin/Release/net10.0/TestResults/charts/*.png) so a person can look at them; the
/// assertions check what can be checked without eyes: the title, the tick labels and where the legend is.
/// </summary>
public sealed class DigestChartTests : IAsyncLifetime, IDisposable
{
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "TestResults", "charts");
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

    [Theory]
    [InlineData(DigestKind.ArrKpi)]
    [InlineData(DigestKind.AdoptionTrends)]
    public async Task The_charts_of_a_test_digest_are_written_as_pngs_for_a_person_to_look_at(DigestKind kind)
    {
        var content = await _host.Get<DigestPreview>().BuildAsync(kind, new DigestFilters(Segment: "enterprise"), DigestData.Current, "Europe/Berlin", showArr: false, CancellationToken.None);
        var chart = Assert.IsType<DigestChart>(content.Chart);

        Directory.CreateDirectory(Artifacts);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, kind.Text() + ".png"), chart.Png);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, kind.Text() + "-compact.png"), chart.CompactPng);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47], chart.Png.Take(4));
        Assert.EndsWith(" · segment=enterprise", chart.Title, StringComparison.Ordinal);
        Assert.Contains("segment=enterprise", chart.AltText, StringComparison.Ordinal);
    }

    private static readonly DateOnly[] Weeks = [.. Enumerable.Range(0, 12).Select(w => new DateOnly(2026, 9, 7).AddDays(7 * w))];

    private static readonly (string Label, double[] Values)[] Series =
        [("SCM", [.. Enumerable.Repeat(96.0, 11), 100.0]), ("CI", [.. Enumerable.Repeat(59.0, 11), 52.0])];

    [Fact]
    public void The_title_names_the_filters()
    {
        var title = DigestCharts.Title("% of ARR green per use case", new DigestFilters(Segment: "enterprise", Region: "emea"));
        using var plot = DigestCharts.Plot(title, "% of ARR green", Weeks, Series);

        Assert.Equal("% of ARR green per use case · segment=enterprise region=emea", plot.Axes.Title.Label.Text);
        Assert.Equal("% of ARR green per use case · all accounts", DigestCharts.Title("% of ARR green per use case", DigestFilters.None));
    }

    [Fact]
    public void The_x_axis_has_one_tick_per_digest_week_labelled_with_its_iso_date()
    {
        using var plot = DigestCharts.Plot("t", "y", Weeks, Series);
        plot.GetImageBytes(800, 420, ImageFormat.Png); // ticks are final once laid out

        var ticks = plot.Axes.Bottom.TickGenerator.Ticks;
        Assert.Equal(Enumerable.Range(0, 12).Select(w => (double)w), ticks.Select(t => t.Position));
        Assert.Equal(Weeks.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ticks.Select(t => t.Label));
    }

    [Fact]
    public void Beyond_thirteen_weeks_every_week_keeps_its_tick_and_the_newest_is_always_labelled()
    {
        DateOnly[] weeks = [.. Enumerable.Range(0, 52).Select(w => new DateOnly(2025, 12, 1).AddDays(7 * w))];
        using var plot = DigestCharts.Plot("t", "y", weeks, [("SCM", [.. Enumerable.Repeat(50.0, 52)])]);
        plot.GetImageBytes(800, 420, ImageFormat.Png);

        var ticks = plot.Axes.Bottom.TickGenerator.Ticks;
        Assert.Equal(52, ticks.Length);
        Assert.InRange(ticks.Count(t => t.IsMajor), 2, 13);
        Assert.Equal("2026-11-23", ticks.Single(t => t.Position == 51).Label);
    }

    [Fact]
    public void The_legend_is_outside_the_plot_area_where_it_cannot_cover_a_point()
    {
        using var plot = DigestCharts.Plot("t", "y", Weeks, Series);

        Assert.False(plot.Legend.IsVisible); // the legend inside the data area is off
        var panel = Assert.Single(plot.Axes.GetPanels().OfType<LegendPanel>());
        Assert.Equal(Edge.Right, panel.Edge);
    }
}
