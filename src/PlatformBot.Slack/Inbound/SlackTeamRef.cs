using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

public sealed record SlackTeamRef
{
    public required string Id { get; init; }

    public string? Domain { get; init; }
}
