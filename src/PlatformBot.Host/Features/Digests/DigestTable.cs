namespace PlatformBot.Host.Features.Digests;

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
