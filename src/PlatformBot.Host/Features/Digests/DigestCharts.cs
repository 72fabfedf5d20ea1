using System.Globalization;
using ScottPlot;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// PNG line charts for the trend digests (ScottPlot). The same numbers are always in the text as well. The chart says
/// what the text says: its title names the filters, the x axis has one tick per digest week labelled with the ISO
/// date the text uses, and the legend sits outside the plot area, where it can never cover a data point.
/// </summary>
public static class DigestCharts
{
    private const int Width = 800;
    private const int Height = 420;

    /// <summary>More weeks than this and only every n-th tick is labelled (each week keeps its tick), so labels never overlap.</summary>
    private const int MaxLabels = 13;

    /// <summary>Size of the Teams copy: about a card's width, and a smaller PNG inside the message (a data: URI).</summary>
    public const int CompactWidth = 640;
    public const int CompactHeight = 336;

    /// <summary>"Share of ARR by adoption level · segment=enterprise": the chart's title (image and message) names its filters.</summary>
    public static string Title(string what, DigestFilters filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return $"{what} · {filters.Describe()}";
    }

    public static byte[] Lines(string title, string yLabel, IReadOnlyList<DateOnly> dates, IReadOnlyList<(string Label, double[] Values)> series, int width = Width, int height = Height)
    {
        using var plot = Plot(title, yLabel, dates, series);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The chart model before rendering (tests read its title, ticks and legend from here).</summary>
    internal static Plot Plot(string title, string yLabel, IReadOnlyList<DateOnly> dates, IReadOnlyList<(string Label, double[] Values)> series)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        try
        {
            // The weeks as 0, 1, 2 … on a numeric axis with one manual tick each: a date axis would choose its own
            // (daily) ticks and its culture's date format, and disagree with the digest's weeks and ISO dates.
            double[] xs = [.. Enumerable.Range(0, dates.Count).Select(w => (double)w)];
            foreach (var (label, values) in series)
            {
                var line = plot.Add.Scatter(xs, values);
                line.LegendText = label;
                line.MarkerSize = 5;
                line.LineWidth = 2;
            }

            var every = Math.Max(1, (int)Math.Ceiling(dates.Count / (double)MaxLabels));
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (var w = 0; w < dates.Count; w++)
            {
                // Labelled from the newest week backwards, so the week the digest reports always has its date.
                if ((dates.Count - 1 - w) % every == 0)
                {
                    ticks.AddMajor(w, dates[w].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(w);
                }
            }

            plot.Axes.Bottom.TickGenerator = ticks;
            // Slanted so twelve ISO dates fit side by side; the axis reserves room for them (else they are clipped).
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 75;
            plot.Axes.Left.MinimumSize = 75;
            plot.Axes.SetLimitsX(-0.5, Math.Max(1, dates.Count - 1) + 0.5);
            plot.Axes.SetLimitsY(0, Math.Max(10, Math.Ceiling(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max() / 10) * 10));
            plot.Title(title);
            plot.YLabel(yLabel);
            plot.ShowLegend(Edge.Right);
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    /// <summary>Alt text that carries the data: "3+: 38.0% → 41.2%; 2: …" (first and last week).</summary>
    public static string AltText(string what, IReadOnlyList<DateOnly> dates, IReadOnlyList<(string Label, double[] Values)> series)
    {
        if (dates.Count == 0)
        {
            return what + ": no data.";
        }

        var parts = series.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Label} {s.Values[0]:0.0}% to {s.Values[^1]:0.0}%"));
        return Truncate(string.Create(CultureInfo.InvariantCulture,
            $"{what}, weeks {dates[0]:yyyy-MM-dd} to {dates[^1]:yyyy-MM-dd}: {string.Join("; ", parts)}."), 1000);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
