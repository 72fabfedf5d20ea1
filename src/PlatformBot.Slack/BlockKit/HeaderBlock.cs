using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Large bold plain text, ≤ 150 chars.</summary>
public sealed record HeaderBlock(PlainText Text) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "header";

    public static HeaderBlock Create(string text) => new(new PlainText(text));
}
