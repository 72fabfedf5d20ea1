namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// What a reader of one text field sees: <see cref="Visible"/> is the text as displayed (markers that formatted
/// something are gone, escapes resolved); <see cref="Live"/> lists everything the platform would turn into a
/// mention, a link or formatting. <see cref="IsMarkup"/> is false for plain-text fields (a button label), which the
/// platform shows as they are (and may cut to a length limit).
/// </summary>
public sealed record MarkupReading(string Visible, IReadOnlyList<string> Live, bool IsMarkup = true)
{
    public static MarkupReading Plain(string text) => new(text, [], IsMarkup: false);

    /// <summary>Live mentions and links (never formatting): a data string must never produce one.</summary>
    public IEnumerable<string> MentionsAndLinks => Live.Where(l => l.StartsWith("mention ", StringComparison.Ordinal) || l.StartsWith("link ", StringComparison.Ordinal));
}
