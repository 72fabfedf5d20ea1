using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>The inner event of an event_callback. Unknown types arrive as <see cref="UnknownSlackEvent"/>.</summary>
public abstract record SlackEvent
{
    public required string Type { get; init; }

    public string? EventTs { get; init; }

    /// <summary>The event as received, for fields not modelled here.</summary>
    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
