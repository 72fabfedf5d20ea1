namespace PlatformBot.Data.Entities;

/// <summary>
/// A Teams conversation reference: what the bot needs to message a conversation later (proactively, e.g. a digest
/// or an alert). Learned from conversationUpdate / installationUpdate, refreshed when a message arrives (the service
/// URL can change), deleted when the bot is removed, the app uninstalled or the team deleted.
/// </summary>
public sealed class TeamsConversation
{
    public long Id { get; set; }

    /// <summary>conversation.id: a channel ("19:…@thread.tacv2"), a group chat or a personal chat ("a:…").</summary>
    public required string ConversationId { get; set; }

    /// <summary>Base URL of every Bot Connector call about this conversation (regional, e.g. …/amer/).</summary>
    public required string ServiceUrl { get; set; }

    /// <summary>The Bot Framework channel the reference came through: "msteams".</summary>
    public required string BotChannel { get; set; }

    /// <summary>"personal", "groupChat" or "channel".</summary>
    public string? ConversationType { get; set; }

    public bool? IsGroup { get; set; }

    public string? TenantId { get; set; }

    /// <summary>Our bot's id in the conversation ("28:&lt;appId&gt;").</summary>
    public string? BotId { get; set; }

    public string? BotName { get; set; }

    /// <summary>The user's "29:…" id (personal chats; for channels the user whose activity stored the reference).</summary>
    public string? UserId { get; set; }

    public string? UserAadObjectId { get; set; }

    public string? UserName { get; set; }

    /// <summary>channelData.team.id for team conversations.</summary>
    public string? TeamId { get; set; }

    /// <summary>channelData.channel.id: the channel root, used to start new channel posts.</summary>
    public string? TeamsChannelId { get; set; }

    /// <summary>
    /// Set when the Bot Connector refused to deliver here for good (the user blocked the bot: 403; the conversation is
    /// gone: 404), so digests stop trying; cleared when the bot is installed again or a message arrives from it.
    /// </summary>
    public DateTime? UnreachableSinceUtc { get; set; }

    /// <summary>What the connector said, e.g. "HTTP 403 ConversationBlockedByUser".</summary>
    public string? UnreachableReason { get; set; }

    /// <summary>When the install welcome was sent here: once per install (cleared when the bot is removed).</summary>
    public DateTime? WelcomedAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When the reference was last stored or refreshed.</summary>
    public DateTime UpdatedAtUtc { get; set; }
}
