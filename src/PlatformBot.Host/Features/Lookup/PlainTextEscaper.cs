using System.Text;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// The CLI's escaper: plain text has no markup, but a terminal obeys control characters. Data (a name, a query) could
/// otherwise clear the screen, recolour the output or, with a line break, forge a line of its own; a right-to-left
/// override would show the rest of a line reversed.
/// </summary>
public static class PlainTextEscaper
{
    /// <summary>Data as it may be printed: control characters and bidirectional overrides become U+FFFD, the rest stays.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(IsUnsafe(c) ? '\uFFFD' : c);
        }

        return builder.ToString();
    }

    /// <summary>Several lines we composed around data (a digest as text): each line escaped, the line breaks kept.</summary>
    public static string EscapeLines(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(Escape));

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
