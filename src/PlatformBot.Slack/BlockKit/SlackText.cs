using System.Text;

namespace PlatformBot.Slack;

/// <summary>Helpers for Slack's mrkdwn, which is not Markdown.</summary>
public static class SlackText
{
    /// <summary>
    /// Makes data (a name, a query, a filter) show in mrkdwn exactly as written, and never as markup. The three control
    /// characters (&amp;, &lt;, &gt;) become entities, so nothing in data is a mention or a link token. Slack has no escape
    /// character for formatting, so zero-width spaces go around each marker (<c>* _ ~ `</c>): Slack's parser takes them
    /// as space, and a marker after space closes nothing, before space opens nothing (one between two letters or digits,
    /// as in "acme_corp", does neither and stays as it is); the text still reads the same. The colon of
    /// "://" gets one too, so a URL in data is not auto-linked where Slack parses text itself (a message's top-level
    /// text; blocks we send are verbatim). Control characters, line breaks included, become U+FFFD: data cannot start
    /// a line (a quote) or move the layout. Apply to data only, before adding our own markup, links and mentions.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsEscaping(text))
        {
            return text;
        }

        StringBuilder builder = new(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '*' or '_' or '~' or '`' when IsInsideWord(text, i) => builder.Append(c),
                '*' or '_' or '~' or '`' => builder.Append(ZeroWidthSpace).Append(c).Append(ZeroWidthSpace),
                ':' when text.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal) => builder.Append(c).Append(ZeroWidthSpace),
                _ when IsUnsafeControl(c) => builder.Append('\uFFFD'),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text as the user typed it, from text Slack delivers: Slack sends the three control characters as entities
    /// (<c>&amp;amp; &amp;lt; &amp;gt;</c>) in message and command text, so "A &amp; B" arrives as "A &amp;amp; B".
    /// &amp;amp; is decoded last, so "&amp;amp;lt;" (a user who typed "&amp;lt;") stays "&amp;lt;". Nothing else is
    /// decoded: Slack encodes nothing else. <see cref="SlackRequestReader"/> applies it once, to every inbound text.
    /// </summary>
    public static string Unescape(string? text) =>
        string.IsNullOrEmpty(text) || !text.Contains('&', StringComparison.Ordinal)
            ? text ?? string.Empty
            : text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>
    /// Several lines of text we composed around data (a reply, an alert): each line escaped as by
    /// <see cref="Escape"/>, the line breaks kept.
    /// </summary>
    public static string EscapeLines(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(Escape));

    private const char ZeroWidthSpace = '\u200B';

    /// <summary>Between two letters or digits ("acme_corp") a marker can neither open nor close: it stays as it is.</summary>
    private static bool IsInsideWord(string text, int i) =>
        i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (c is '&' or '<' or '>' or '*' or '_' or '~' or '`' or ':' || IsUnsafeControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters, and the bidirectional overrides and isolates that reorder what is shown.</summary>
    private static bool IsUnsafeControl(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>A mrkdwn link <c>&lt;url|label&gt;</c> with the label escaped.</summary>
    public static string Link(Uri url, string label)
    {
        ArgumentNullException.ThrowIfNull(url);
        // '|' would end the URL part early; Slack offers no escape for it inside a link, so it is dropped from labels.
        return $"<{url.AbsoluteUri}|{Escape(label).Replace('|', '/')}>";
    }

    /// <summary>A user mention <c>&lt;@U123&gt;</c>.</summary>
    public static string UserMention(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return $"<@{userId}>";
    }
}
