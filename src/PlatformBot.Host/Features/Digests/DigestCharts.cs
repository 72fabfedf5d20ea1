using System.Globalization;
using ScottPlot;

namespace PlatformBot.Host.Features.Digests;

/// <summary>PNG line charts for the trend digests (ScottPlot). The same numbers are always in the text as well.</summary>
public static class DigestCharts
{
    private const int Width = 800;
    private const int Height = 420;

    /// <summary>Size of the Teams copy: about a card's width, and a smaller PNG inside the message (a data: URI).</summary>
    public const int CompactWidth = 640;
    public const int CompactHeight = 336;

    public static byte[] Lines(string title, string yLabel, IReadOnlyList<DateOnly> dates, IReadOnlyList<(string Label, double[] Values)> series, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        try
        {
            double[] xs = [.. dates.Select(d => d.ToDateTime(TimeOnly.MinValue).ToOADate())];
            foreach (var (label, values) in series)
            {
                var line = plot.Add.Scatter(xs, values);
                line.LegendText = label;
                line.MarkerSize = 5;
                line.LineWidth = 2;
            }

            plot.Axes.DateTimeTicksBottom();
            plot.Axes.SetLimitsY(0, Math.Max(10, Math.Ceiling(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max() / 10) * 10));
            plot.Title(title);
            plot.YLabel(yLabel);
            plot.ShowLegend(Alignment.UpperLeft);
            return plot.GetImageBytes(width, height, ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
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
