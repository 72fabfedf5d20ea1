using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>
/// An interactivity request (form field <c>payload</c>): block_actions, view_submission, view_closed, shortcut,
/// message_action. Parts whose shape depends on the app (view, message, state) stay raw JSON; <see cref="Raw"/>
/// keeps the whole payload for anything not modelled here.
/// </summary>
public sealed record InteractionPayload
{
    public const string BlockActionsType = "block_actions";
    public const string ViewSubmissionType = "view_submission";
    public const string ViewClosedType = "view_closed";
    public const string ShortcutType = "shortcut";
    public const string MessageActionType = "message_action";

    public required string Type { get; init; }

    public SlackUserRef? User { get; init; }

    public SlackTeamRef? Team { get; init; }

    public SlackChannelRef? Channel { get; init; }

    public SlackEnterpriseRef? Enterprise { get; init; }

    public bool IsEnterpriseInstall { get; init; }

    public string? ApiAppId { get; init; }

    public InteractionContainer? Container { get; init; }

    public string? TriggerId { get; init; }

    /// <summary>Only for interactions that came from a message; Home-tab and modal actions have none.</summary>
    public Uri? ResponseUrl { get; init; }

    /// <summary>For shortcuts and message actions.</summary>
    public string? CallbackId { get; init; }

    public IReadOnlyList<BlockAction> Actions { get; init; } = [];

    public JsonElement? View { get; init; }

    public JsonElement? Message { get; init; }

    public JsonElement? State { get; init; }

    /// <summary>The whole payload as received.</summary>
    [JsonIgnore]
    public JsonElement Raw { get; init; }

    /// <summary>The workspace the interaction happened in (team.id, else user.team_id).</summary>
    [JsonIgnore]
    public string? TeamId => Team?.Id ?? User?.TeamId;
}
