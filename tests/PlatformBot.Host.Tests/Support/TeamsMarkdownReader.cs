using System.Text;
using System.Text.Json.Nodes;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// Reads the Markdown of an Adaptive Card TextBlock (and of a Teams message's text) closely enough to tell whether data
/// turned into markup. Teams interprets bold and italic (<c>*</c>, <c>_</c>, doubled or not), links
/// <c>[t](u)</c>, lists at the start of a line (<c>- </c>, <c>+ </c>, <c>* </c>, <c>1. </c>) and <c>&lt;at&gt;</c>
/// mentions; CommonMark readers also take <c>`code`</c>, <c>~~strike~~</c>, <c>#</c> headings and <c>&gt;</c> quotes,
/// and may auto-link bare URLs, so this reader reports all of those. A backslash before ASCII punctuation makes it a
/// literal character. Stricter than Teams where in doubt.
/// </summary>
public static class TeamsMarkdownReader
{
    public static MarkupReading Read(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);

        // Backslash escapes first: an escaped character is text, never a marker.
        var chars = new List<char>(markdown.Length);
        var escaped = new List<bool>(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length && char.IsAsciiLetterOrDigit(markdown[i + 1]) is false && markdown[i + 1] is > ' ' and < '\u007f')
            {
                chars.Add(markdown[++i]);
                escaped.Add(true);
                continue;
            }

            chars.Add(markdown[i]);
            escaped.Add(false);
        }

        var live = new List<string>();
        var consumed = new bool[chars.Count];
        bool Free(int i) => i >= 0 && i < chars.Count && !escaped[i] && !consumed[i];
        string Slice(int from, int to) => new([.. chars.Skip(from).Take(to - from)]);

        for (var i = 0; i < chars.Count; i++)
        {
            // <at>…</at> (a mention when the card's entities name it; never acceptable from data)
            if (Free(i) && chars[i] == '<' && Slice(i, Math.Min(chars.Count, i + 4)).Equals("<at>", StringComparison.OrdinalIgnoreCase))
            {
                live.Add("mention " + Slice(i, chars.Count));
            }

            // [text](url)
            if (Free(i) && chars[i] == '[')
            {
                var close = Enumerable.Range(i + 1, Math.Max(0, chars.Count - i - 1)).FirstOrDefault(j => Free(j) && chars[j] == ']', -1);
                if (close > 0 && Free(close + 1) && chars[close + 1] == '(')
                {
                    var end = Enumerable.Range(close + 2, Math.Max(0, chars.Count - close - 2)).FirstOrDefault(j => Free(j) && chars[j] == ')', -1);
                    if (end > 0)
                    {
                        live.Add("link " + Slice(i, end + 1));
                        consumed[i] = consumed[close] = consumed[close + 1] = consumed[end] = true;
                    }
                }
            }
        }

        // Line starts: lists, headings, quotes.
        for (var i = 0; i < chars.Count; i++)
        {
            if (i > 0 && chars[i - 1] is not ('\n' or '\r'))
            {
                continue;
            }

            var j = i;
            while (j < chars.Count && chars[j] == ' ')
            {
                j++;
            }

            var digits = j;
            while (digits < chars.Count && char.IsAsciiDigit(chars[digits]))
            {
                digits++;
            }

            if (Free(j) && chars[j] is '-' or '+' or '*' && j + 1 < chars.Count && chars[j + 1] == ' ')
            {
                live.Add("format list " + chars[j]);
                consumed[j] = true;
            }
            else if (digits > j && Free(digits) && chars[digits] is '.' or ')' && digits + 1 < chars.Count && chars[digits + 1] == ' ')
            {
                live.Add("format ordered list");
                consumed[digits] = true;
            }
            else if (Free(j) && chars[j] is '#' or '>')
            {
                live.Add("format line " + chars[j]);
                consumed[j] = true;
            }
        }

        // Emphasis, code, strike: an opening marker followed by a non-space, a closing one after a non-space.
        foreach (var marker in "`*_~")
        {
            for (var i = 0; i < chars.Count; i++)
            {
                if (!Free(i) || chars[i] != marker || i + 1 >= chars.Count || char.IsWhiteSpace(chars[i + 1]))
                {
                    continue;
                }

                for (var j = i + 1; j < chars.Count && chars[j] is not ('\n' or '\r'); j++)
                {
                    if (Free(j) && chars[j] == marker && j > i + 1 && !char.IsWhiteSpace(chars[j - 1]) && !(marker == '_' && j + 1 < chars.Count && char.IsLetterOrDigit(chars[j + 1])))
                    {
                        live.Add($"format {marker}{Slice(i + 1, j)}{marker}");
                        consumed[i] = consumed[j] = true;
                        i = j;
                        break;
                    }
                }
            }
        }

        var visible = new StringBuilder();
        for (var i = 0; i < chars.Count; i++)
        {
            if (!consumed[i])
            {
                visible.Append(chars[i]);
            }
        }

        // Bare URLs some clients auto-link: only an unescaped "://" counts.
        for (var i = 0; i + 2 < chars.Count; i++)
        {
            if (chars[i] == ':' && !escaped[i] && chars[i + 1] == '/' && chars[i + 2] == '/')
            {
                live.Add("link " + Slice(Math.Max(0, i - 5), Math.Min(chars.Count, i + 20)));
            }
        }

        return new MarkupReading(visible.ToString(), live);
    }

    /// <summary>
    /// Every Markdown text of an Adaptive Card (TextBlock text, Fact title and value) as a reader sees it; other
    /// strings (action titles, fallbackText, alt text) are plain text in Teams and are returned as they are.
    /// </summary>
    public static IReadOnlyList<(string Path, MarkupReading Reading)> ReadCard(JsonNode card)
    {
        var texts = new List<(string, MarkupReading)>();
        Walk(card, "$", texts);
        return texts;
    }

    private static void Walk(JsonNode? node, string path, List<(string, MarkupReading)> texts)
    {
        switch (node)
        {
            case JsonObject o:
                var type = o["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
                // A FactSet's facts are Markdown; an Input.ChoiceSet's choices have title and value too, but are plain text.
                var isFact = o.ContainsKey("title") && o.ContainsKey("value") && type is null && path.Contains(".facts[", StringComparison.Ordinal);
                foreach (var (name, value) in o)
                {
                    if (value is JsonValue v && v.TryGetValue(out string? text))
                    {
                        var markdown = (type == "TextBlock" && name == "text") || (isFact && name is "title" or "value");
                        if (markdown || name is "title" or "fallbackText" or "altText")
                        {
                            texts.Add(($"{path}.{name}", markdown ? Read(text) : MarkupReading.Plain(text)));
                        }

                        continue;
                    }

                    Walk(value, $"{path}.{name}", texts);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", texts);
                }

                break;
        }
    }
}
