using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A Block Kit element: what an actions block or a section accessory holds.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<BlockElement>))]
public abstract record BlockElement
{
    /// <summary>Block Kit's "type" discriminator.</summary>
    public abstract string Type { get; }
}
