using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>What a context block may hold: text objects and image elements.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<IContextElement>))]
public interface IContextElement
{
    string Type { get; }
}
