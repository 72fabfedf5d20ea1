using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Plain text; needs no escaping. Header blocks, buttons and options accept only this.</summary>
public sealed record PlainText(string Text, [property: JsonPropertyOrder(1)] bool? Emoji = null) : TextObject(Text), IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "plain_text";
}
