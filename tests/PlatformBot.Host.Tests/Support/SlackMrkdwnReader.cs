using System.Text;
using System.Text.Json;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// Reads Slack mrkdwn the way Slack does, closely enough to tell whether data turned into markup: every
/// <c>&lt;…&gt;</c> is a control sequence (a mention or a link); <c>*bold*</c>, <c>_italic_</c>, <c>~strike~</c> and
/// <c>`code`</c> need an opening marker at a word boundary followed by a non-space, and a closing marker after a
/// non-space followed by a boundary; a zero-width space counts as space (what Slack's parser does, and why the
/// escaper puts them around each data marker); without <c>verbatim</c>, bare URLs and "@here"-style words are
/// auto-linked. The reader is stricter than Slack where in doubt: it reports more, never less.
/// </summary>
public static class SlackMrkdwnReader
{
    private const char Hole = '\uE000';
    private const string Markers = "`*_~";

    public static MarkupReading Read(string mrkdwn, bool verbatim)
    {
        ArgumentNullException.ThrowIfNull(mrkdwn);
        var live = new List<string>();

        // 1. Control sequences <…>: each is live; what shows is its label (or the target).
        var labels = new List<string>();
        var text = new StringBuilder();
        for (var i = 0; i < mrkdwn.Length; i++)
        {
            var end = mrkdwn[i] == '<' ? mrkdwn.IndexOf('>', i + 1) : -1;
            if (end > i && mrkdwn.AsSpan(i + 1, end - i - 1).IndexOfAny('\n', '<') < 0)
            {
                var token = mrkdwn[(i + 1)..end];
                var bar = token.IndexOf('|', StringComparison.Ordinal);
                var target = bar < 0 ? token : token[..bar];
                live.Add((target.StartsWith('@') || target.StartsWith('!') || target.StartsWith('#') ? "mention <" : "link <") + token + ">");
                labels.Add(bar < 0 ? target : token[(bar + 1)..]);
                text.Append(Hole);
                i = end;
                continue;
            }

            text.Append(mrkdwn[i]);
        }

        // 2. Formatting: pairs of markers; consumed markers disappear from what is shown.
        var chars = text.ToString().ToCharArray();
        var consumed = new bool[chars.Length];
        foreach (var marker in Markers)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] != marker || consumed[i] || !(i == 0 || IsBoundary(chars[i - 1])) || i + 1 >= chars.Length || IsSpace(chars[i + 1]))
                {
                    continue;
                }

                for (var j = i + 1; j < chars.Length && chars[j] != '\n'; j++)
                {
                    if (chars[j] == marker && !consumed[j] && j > i + 1 && !IsSpace(chars[j - 1]) && (j + 1 == chars.Length || IsBoundary(chars[j + 1])))
                    {
                        live.Add($"format {marker}{new string(chars, i + 1, j - i - 1)}{marker}");
                        consumed[i] = consumed[j] = true;
                        i = j;
                        break;
                    }
                }
            }
        }

        // 3. What shows: entities decoded, labels back in place, zero-width spaces invisible.
        var shown = new StringBuilder();
        var label = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (!consumed[i])
            {
                shown.Append(chars[i] == Hole ? "\uE001" + label++ : chars[i].ToString());
            }
        }

        var decoded = shown.ToString().Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
        var visible = decoded.Replace("\u200B", string.Empty, StringComparison.Ordinal);
        for (var l = labels.Count - 1; l >= 0; l--)
        {
            visible = visible.Replace("\uE001" + l, labels[l], StringComparison.Ordinal);
            decoded = decoded.Replace("\uE001" + l, labels[l], StringComparison.Ordinal);
        }

        if (!verbatim)
        {
            // Slack's automatic parsing of plain text: URLs and domains become links, @here/@channel/@everyone mentions.
            // Slack's parser sees the zero-width spaces, so a URL broken by one is no URL.
            foreach (var word in decoded.Split([' ', '\n', '(', ')', '[', ']', '"'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Contains("://", StringComparison.Ordinal) || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
                {
                    live.Add("link " + word);
                }
                else if (word is "@here" or "@channel" or "@everyone")
                {
                    live.Add("mention " + word);
                }
            }
        }

        return new MarkupReading(visible, live);
    }

    /// <summary>
    /// Every text of a Slack message or view as a reader sees it: mrkdwn objects (with their verbatim flag), plain
    /// text objects as they are, and the message's top-level text as mrkdwn Slack parses automatically.
    /// </summary>
    public static IReadOnlyList<(string Path, MarkupReading Reading)> ReadAll(JsonElement message)
    {
        var texts = new List<(string, MarkupReading)>();
        Walk(message, "$", texts, isMessage: true);
        return texts;
    }

    private static void Walk(JsonElement node, string path, List<(string, MarkupReading)> texts, bool isMessage = false)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                var type = node.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type is "mrkdwn" or "plain_text" && node.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    var verbatim = node.TryGetProperty("verbatim", out var v) && v.ValueKind == JsonValueKind.True;
                    texts.Add((path, type == "mrkdwn" ? Read(text.GetString()!, verbatim) : MarkupReading.Plain(text.GetString()!)));
                    return;
                }

                foreach (var property in node.EnumerateObject())
                {
                    if (isMessage && property.Name == "text" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        texts.Add((path + ".text", Read(property.Value.GetString()!, verbatim: false)));
                        continue;
                    }

                    Walk(property.Value, path + "." + property.Name, texts);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", texts);
                }

                break;
        }
    }

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B';

    private static bool IsBoundary(char c) => IsSpace(c) || (!char.IsLetterOrDigit(c) && c != Hole);
}
