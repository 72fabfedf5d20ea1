using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

public sealed record SlackChannelRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}
