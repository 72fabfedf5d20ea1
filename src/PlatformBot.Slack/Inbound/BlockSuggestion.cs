using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>An options load request from an external_select (payload type <c>block_suggestion</c>).</summary>
public sealed record BlockSuggestion
{
    public const string PayloadType = "block_suggestion";

    public required string Type { get; init; }

    public required string ActionId { get; init; }

    public string? BlockId { get; init; }

    /// <summary>What the user has typed so far.</summary>
    public string Value { get; init; } = string.Empty;

    public SlackUserRef? User { get; init; }

    public SlackTeamRef? Team { get; init; }

    public SlackEnterpriseRef? Enterprise { get; init; }

    public InteractionContainer? Container { get; init; }

    public string? ApiAppId { get; init; }

    public JsonElement? View { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }

    [JsonIgnore]
    public string? TeamId => Team?.Id ?? User?.TeamId;
}
