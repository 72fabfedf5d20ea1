using System.Text;

namespace PlatformBot.Teams;

/// <summary>
/// Escaping for the Markdown Teams reads in Adaptive Card TextBlocks, Fact titles and values, and message text.
/// Action titles, fallbackText, alt text and an activity's summary are plain text and need none of this.
/// </summary>
public static class TeamsText
{
    /// <summary>
    /// Makes data (a name, a query, a filter) show exactly as written and never as markup. Teams reads bold and italic
    /// (<c>*</c>, <c>_</c>), links (<c>[t](u)</c>), lists at the start of a line (<c>-</c>, <c>+</c>, <c>1.</c>) and
    /// <c>&lt;at&gt;</c> mentions; clients built on CommonMark readers also take code, strike, headings, quotes, tables
    /// and bare URLs. So a backslash goes before each of <c>\ * _ [ ] ( ) # &gt; - + ` ~ |</c> and <c>&lt;</c> (a
    /// backslash before ASCII punctuation is Markdown's own escape: the character shows, the backslash does not), before
    /// the dot of a leading number ("1. ") and the colon of "://". Control characters, line breaks included, become
    /// U+FFFD: a line break in data would start a new line, and with it a list. Apply to data only, before adding our
    /// own markup.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder builder = new(text.Length + 16);
        var leadingDigits = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafeControl(c))
            {
                builder.Append('\uFFFD');
                leadingDigits = false;
                continue;
            }

            var escape = c switch
            {
                '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '>' or '-' or '+' or '`' or '~' or '|' or '<' => true,
                '.' => leadingDigits && i > 0,
                ':' => text.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal),
                _ => false,
            };
            if (escape)
            {
                builder.Append('\\');
            }

            builder.Append(c);
            leadingDigits = leadingDigits && char.IsAsciiDigit(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Several lines of plain text we composed around data (a reply, a text fallback) as message Markdown: each line
    /// escaped as by <see cref="Escape"/>, and each line break a blank line, which is what Teams needs to break a line.
    /// </summary>
    public static string EscapeLines(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : string.Join("\n\n", text.ReplaceLineEndings("\n").Split('\n').Select(Escape));

    /// <summary>Control characters, and the bidirectional overrides and isolates that reorder what is shown.</summary>
    private static bool IsUnsafeControl(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
