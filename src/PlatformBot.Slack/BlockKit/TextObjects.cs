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

/// <summary>Plain text; needs no escaping. Header blocks, buttons and options accept only this.</summary>
public sealed record PlainText(string Text, [property: JsonPropertyOrder(1)] bool? Emoji = null) : TextObject(Text), IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "plain_text";
}

/// <summary>Slack's mrkdwn (not Markdown). <see cref="Verbatim"/> true stops Slack auto-linking URLs and mentions.</summary>
public sealed record MrkdwnText(string Text, [property: JsonPropertyOrder(1)] bool? Verbatim = null) : TextObject(Text), IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "mrkdwn";
}

/// <summary>What a context block may hold: text objects and image elements.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<IContextElement>))]
public interface IContextElement
{
    string Type { get; }
}
