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
