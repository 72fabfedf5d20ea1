using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>The bot was mentioned. Reply in the thread with <see cref="ReplyThreadTs"/>.</summary>
public sealed record AppMentionEvent : SlackEvent
{
    public const string EventType = "app_mention";

    public string? User { get; init; }

    public string? Text { get; init; }

    public string? Ts { get; init; }

    public string? Channel { get; init; }

    public string? ThreadTs { get; init; }

    /// <summary>Set when a bot posted the mention: ignore our own to avoid loops.</summary>
    public string? BotId { get; init; }

    [JsonIgnore]
    public string? ReplyThreadTs => ThreadTs ?? Ts;
}
