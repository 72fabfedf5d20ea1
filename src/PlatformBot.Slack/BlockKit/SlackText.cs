using System.Text;

namespace PlatformBot.Slack;

/// <summary>Helpers for Slack's mrkdwn, which is not Markdown.</summary>
public static class SlackText
{
    /// <summary>
    /// Escapes the three control characters of mrkdwn (&amp;, &lt;, &gt;) and nothing else; HTML-encoding more would
    /// show up literally. Apply to user or data text before adding our own links and mentions.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        StringBuilder builder = new(text.Length + 16);
        foreach (char c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

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
