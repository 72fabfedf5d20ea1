using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Text (≤ 3000) and/or up to 10 fields (each ≤ 2000), with an optional accessory element.</summary>
public sealed record SectionBlock : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "section";

    public TextObject? Text { get; init; }

    public IReadOnlyList<TextObject>? Fields { get; init; }

    public BlockElement? Accessory { get; init; }

    public static SectionBlock Mrkdwn(string text) => new() { Text = new MrkdwnText(text) };

    /// <summary>A section of verbatim mrkdwn (<see cref="TextObject.VerbatimMrkdwn"/>): for text that carries data.</summary>
    public static SectionBlock VerbatimMrkdwn(string text) => new() { Text = TextObject.VerbatimMrkdwn(text) };
}
