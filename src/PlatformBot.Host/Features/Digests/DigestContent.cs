using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// What a digest says, decided once and rendered per platform (Slack Block Kit, Teams Adaptive Card, plain text), so
/// the platforms never drift apart. The headline stands alone at top level; details go into the thread.
/// </summary>
public sealed record DigestContent(
    DigestKind Kind,
    string Title,
    string Headline,
    IReadOnlyList<DigestBlock> Summary,
    IReadOnlyList<DigestBlock> Details,
    DigestChart? Chart,
    DigestFooter Footer,
    bool NothingChanged)
{
    /// <summary>Everything as plain text: the CLI, the text-only fallback and tests read this.</summary>
    public string ToPlainText()
    {
        var lines = new List<string> { Title, Headline };
        foreach (var block in Summary.Concat(Details))
        {
            lines.Add(string.Empty);
            lines.AddRange(block.ToPlainLines());
        }

        lines.Add(string.Empty);
        lines.Add(Footer.Text);
        return string.Join('\n', lines);
    }
}

public abstract record DigestBlock
{
    public abstract IEnumerable<string> ToPlainLines();
}

/// <summary>A titled list; each line may start with a name shown in bold.</summary>
public sealed record DigestList(string Title, IReadOnlyList<DigestLine> Lines, string? More = null) : DigestBlock
{
    public override IEnumerable<string> ToPlainLines()
    {
        yield return Title;
        foreach (var line in Lines)
        {
            yield return "- " + line.PlainText;
        }

        if (More is not null)
        {
            yield return More;
        }
    }
}

public sealed record DigestLine(string? Strong, string Text)
{
    public string PlainText => Strong is null ? Text : $"{Strong} {Text}";
}

/// <summary>A small table of numbers (the KPI, a trend): rendered monospaced in Slack, as a table in Teams.</summary>
public sealed record DigestTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : DigestBlock
{
    public override IEnumerable<string> ToPlainLines()
    {
        yield return Title;
        foreach (var line in Aligned())
        {
            yield return line;
        }
    }

    /// <summary>Rows padded to column widths (first column left, the rest right-aligned).</summary>
    public IEnumerable<string> Aligned()
    {
        var widths = Headers.Select((h, i) => Math.Max(h.Length, Rows.Count == 0 ? 0 : Rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        yield return Line(Headers);
        foreach (var row in Rows)
        {
            yield return Line(row);
        }
    }
}

public sealed record DigestNote(string Text) : DigestBlock
{
    public override IEnumerable<string> ToPlainLines()
    {
        yield return Text;
    }
}

/// <summary>
/// A PNG chart; <see cref="AltText"/> carries the numbers for screen readers (the text has them too). The image is
/// rendered on first use (sending or previewing), not while building: a batch of 500 digests computes its numbers
/// in a fraction of the time a PNG takes. <see cref="CompactPng"/> is a smaller rendering for Teams, where the PNG
/// travels inside the message.
/// </summary>
public sealed class DigestChart(string title, string fileName, string altText, Func<byte[]> render, Func<byte[]>? renderCompact = null)
{
    private readonly Lazy<byte[]> _png = new(render, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<byte[]>? _compact = renderCompact is null ? null : new(renderCompact, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Title { get; } = title;

    public string FileName { get; } = fileName;

    public string AltText { get; } = altText;

    public byte[] Png => _png.Value;

    public byte[] CompactPng => _compact?.Value ?? Png;
}

/// <summary>Every message states its data date, its filters and its time zone (and when ARR amounts are withheld).</summary>
public sealed record DigestFooter(DateOnly? DataDate, DateOnly? ComparedWith, string Filters, string TimeZone, string ModelVersion, bool ArrHidden = false)
{
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"Data as of {(DataDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "n/a (no stored scores)")}" +
        $"{(ComparedWith is { } c ? $", compared with {c:yyyy-MM-dd}" : string.Empty)} · Filters: {Filters} · Time zone: {TimeZone} · Model {ModelVersion}" +
        $"{(ArrHidden ? " · ARR amounts are not shown in this channel" : string.Empty)}");
}
