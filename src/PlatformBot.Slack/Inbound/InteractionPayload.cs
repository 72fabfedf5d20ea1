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

/// <summary>One action of a block_actions payload.</summary>
public sealed record BlockAction
{
    /// <summary>Element type, e.g. <c>button</c>, <c>static_select</c>.</summary>
    public string? Type { get; init; }

    public string? ActionId { get; init; }

    public string? BlockId { get; init; }

    /// <summary>A button's value.</summary>
    public string? Value { get; init; }

    public SelectedOption? SelectedOption { get; init; }

    public IReadOnlyList<SelectedOption>? SelectedOptions { get; init; }

    public TextValue? Text { get; init; }

    public string? ActionTs { get; init; }
}

/// <summary>An option chosen in a select or overflow menu.</summary>
public sealed record SelectedOption
{
    public TextValue? Text { get; init; }

    public string? Value { get; init; }
}

/// <summary>A text object as received: kept loose so an unknown text type never makes a payload unreadable.</summary>
public sealed record TextValue
{
    public string? Type { get; init; }

    public string? Text { get; init; }
}

/// <summary>Where an interaction came from: a message (channel_id + message_ts) or a view (view_id).</summary>
public sealed record InteractionContainer
{
    public string? Type { get; init; }

    public string? MessageTs { get; init; }

    public string? ChannelId { get; init; }

    public bool? IsEphemeral { get; init; }

    public string? ViewId { get; init; }
}

public sealed record SlackUserRef
{
    public required string Id { get; init; }

    public string? Username { get; init; }

    public string? Name { get; init; }

    public string? TeamId { get; init; }
}

public sealed record SlackTeamRef
{
    public required string Id { get; init; }

    public string? Domain { get; init; }
}

public sealed record SlackChannelRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}

public sealed record SlackEnterpriseRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}
