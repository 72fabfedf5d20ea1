using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A Block Kit layout block.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<Block>))]
public abstract record Block
{
    /// <summary>Block Kit's "type" discriminator.</summary>
    public abstract string Type { get; }

    /// <summary>≤ 255 chars, unique per message. Written last so the type and content read first.</summary>
    [JsonPropertyOrder(100)]
    public string? BlockId { get; init; }
}

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

/// <summary>Large bold plain text, ≤ 150 chars.</summary>
public sealed record HeaderBlock(PlainText Text) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "header";

    public static HeaderBlock Create(string text) => new(new PlainText(text));
}

public sealed record DividerBlock : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "divider";
}

/// <summary>Small grey text and images, ≤ 10 elements.</summary>
public sealed record ContextBlock(IReadOnlyList<IContextElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "context";
}

/// <summary>Interactive elements, ≤ 25.</summary>
public sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "actions";
}

/// <summary>A full-width image from a public URL (≤ 3000 chars); alt text is required (≤ 2000).</summary>
public sealed record ImageBlock(string ImageUrl, string AltText) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "image";

    public PlainText? Title { get; init; }
}
