namespace PlatformBot.Slack;

public sealed record SlackConversation
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public bool IsChannel { get; init; }

    public bool IsGroup { get; init; }

    public bool IsIm { get; init; }

    public bool IsMpim { get; init; }

    public bool IsPrivate { get; init; }

    public bool IsArchived { get; init; }

    /// <summary>Whether the bot is in it; chat.postMessage to a private channel needs this.</summary>
    public bool IsMember { get; init; }

    /// <summary>For a DM: the other user.</summary>
    public string? User { get; init; }
}
