namespace PlatformBot.Slack;

/// <summary>
/// A message body: what a slash-command ack, a response_url post or chat.postMessage/chat.update sends.
/// <see cref="Text"/> is the notification and screen-reader fallback when <see cref="Blocks"/> are present.
/// </summary>
public sealed record SlackMessage
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    /// <summary>response_url and command acks only; Slack's default is ephemeral.</summary>
    public SlackResponseType? ResponseType { get; init; }

    /// <summary>response_url only: replace the message the interaction came from.</summary>
    public bool? ReplaceOriginal { get; init; }

    /// <summary>response_url only: delete the message the interaction came from.</summary>
    public bool? DeleteOriginal { get; init; }

    /// <summary>The parent message's ts (never a reply's) to answer in a thread.</summary>
    public string? ThreadTs { get; init; }

    public bool? UnfurlLinks { get; init; }

    public bool? UnfurlMedia { get; init; }

    public static SlackMessage FromText(string text) => new() { Text = text };
}
