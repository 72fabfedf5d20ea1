namespace PlatformBot.Slack;

/// <summary>
/// A slash command invocation (form fields). Route on <see cref="Command"/>; key users on <see cref="UserId"/>
/// (user_name is deprecated). The legacy verification token is deliberately not kept: the signature is what counts.
/// </summary>
public sealed record SlashCommand
{
    /// <summary>With the leading slash, e.g. <c>/acme</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Everything after the command; may be empty. Escaped references (&lt;@U…|name&gt;) with should_escape.</summary>
    public required string Text { get; init; }

    public required string UserId { get; init; }

    public required string TeamId { get; init; }

    /// <summary>Webhook for delayed replies: 5 uses within 30 minutes, works where the bot is not a member.</summary>
    public Uri? ResponseUrl { get; init; }

    /// <summary>Opens a modal; valid for 3 seconds only.</summary>
    public string? TriggerId { get; init; }

    /// <summary>Deprecated by Slack; for display only.</summary>
    public string? UserName { get; init; }

    public string? TeamDomain { get; init; }

    public string? ChannelId { get; init; }

    public string? ChannelName { get; init; }

    public string? EnterpriseId { get; init; }

    public string? EnterpriseName { get; init; }

    public bool IsEnterpriseInstall { get; init; }

    public string? ApiAppId { get; init; }
}
