namespace PlatformBot.Teams;

/// <summary>
/// What must be stored to message a conversation later (proactively). Refresh it from every inbound activity:
/// the service URL can change.
/// </summary>
public sealed record ConversationReference
{
    public required string ServiceUrl { get; init; }

    /// <summary>Bot Framework channel, "msteams" for Teams.</summary>
    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>"personal", "groupChat" or "channel".</summary>
    public string? ConversationType { get; init; }

    public bool? IsGroup { get; init; }

    public string? TenantId { get; init; }

    /// <summary>Our bot's id in the conversation ("28:&lt;appId&gt;").</summary>
    public string? BotId { get; init; }

    public string? BotName { get; init; }

    /// <summary>The user's "29:…" id (only meaningful to this bot).</summary>
    public string? UserId { get; init; }

    public string? UserAadObjectId { get; init; }

    public string? UserName { get; init; }

    /// <summary>channelData.team.id for team conversations.</summary>
    public string? TeamId { get; init; }

    /// <summary>channelData.channel.id: the channel root ("19:…@thread.tacv2"), used to start new channel posts.</summary>
    public string? TeamsChannelId { get; init; }

    /// <summary>The activity the reference was taken from, if any.</summary>
    public string? ActivityId { get; init; }
}
