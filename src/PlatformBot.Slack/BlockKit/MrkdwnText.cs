using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Slack's mrkdwn (not Markdown). <see cref="Verbatim"/> true stops Slack auto-linking URLs and mentions.</summary>
public sealed record MrkdwnText(string Text, [property: JsonPropertyOrder(1)] bool? Verbatim = null) : TextObject(Text), IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "mrkdwn";
}
