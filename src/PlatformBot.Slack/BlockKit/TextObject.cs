using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A Block Kit text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<TextObject>))]
public abstract record TextObject(string Text)
{
    /// <summary>Block Kit's "type" discriminator.</summary>
    public abstract string Type { get; }

    public static PlainText Plain(string text) => new(text);

    /// <summary>mrkdwn text as given: escape user data with <see cref="SlackText.Escape"/> first.</summary>
    public static MrkdwnText Mrkdwn(string text) => new(text);

    /// <summary>
    /// mrkdwn Slack must not rewrite: no URL, channel name or mention is linked automatically, while formatting and
    /// our own &lt;…&gt; tokens still work. For text that carries data (escaped with <see cref="SlackText.Escape"/>).
    /// </summary>
    public static MrkdwnText VerbatimMrkdwn(string text) => new(text, Verbatim: true);
}
