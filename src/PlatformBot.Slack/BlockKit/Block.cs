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
