using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>
/// An Events API request: a <c>url_verification</c> handshake or an <c>event_callback</c> carrying one event.
/// Dedupe on <see cref="EventId"/> (see <see cref="EventDeduplicator"/>): Slack redelivers up to 3 times.
/// </summary>
public sealed record EventEnvelope
{
    public const string UrlVerificationType = "url_verification";
    public const string EventCallbackType = "event_callback";
    public const string AppRateLimitedType = "app_rate_limited";

    public required string Type { get; init; }

    /// <summary>url_verification only: echo it back.</summary>
    public string? Challenge { get; init; }

    public string? TeamId { get; init; }

    public string? EnterpriseId { get; init; }

    public string? ApiAppId { get; init; }

    public string? EventId { get; init; }

    /// <summary>Unix seconds.</summary>
    public long? EventTime { get; init; }

    /// <summary>The inner event, typed where this adapter models the type (filled by the reader, not by the serializer).</summary>
    [JsonIgnore]
    public SlackEvent? Event { get; init; }

    public IReadOnlyList<EventAuthorization> Authorizations { get; init; } = [];

    public bool IsExtSharedChannel { get; init; }

    /// <summary>X-Slack-Retry-Num: 1..3 on redeliveries, null on the first delivery.</summary>
    public int? RetryNum { get; init; }

    /// <summary>X-Slack-Retry-Reason, e.g. <c>http_timeout</c>.</summary>
    public string? RetryReason { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }

    [JsonIgnore]
    public bool IsUrlVerification => Type == UrlVerificationType;

    [JsonIgnore]
    public bool IsEventCallback => Type == EventCallbackType;
}

public sealed record EventAuthorization
{
    public string? EnterpriseId { get; init; }

    public string? TeamId { get; init; }

    public string? UserId { get; init; }

    public bool IsBot { get; init; }

    public bool IsEnterpriseInstall { get; init; }
}

/// <summary>The inner event of an event_callback. Unknown types arrive as <see cref="UnknownSlackEvent"/>.</summary>
public abstract record SlackEvent
{
    public required string Type { get; init; }

    public string? EventTs { get; init; }

    /// <summary>The event as received, for fields not modelled here.</summary>
    [JsonIgnore]
    public JsonElement Raw { get; init; }
}

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

/// <summary>A user opened the app's Home or Messages tab. Fires on every visit, not only the first.</summary>
public sealed record AppHomeOpenedEvent : SlackEvent
{
    public const string EventType = "app_home_opened";

    public string? User { get; init; }

    public string? Channel { get; init; }

    /// <summary><c>home</c> or <c>messages</c>.</summary>
    public string? Tab { get; init; }

    /// <summary>The Home view currently published (with its hash), absent before the first publish.</summary>
    public JsonElement? View { get; init; }
}

/// <summary>An event type this adapter does not model; read <see cref="SlackEvent.Raw"/>.</summary>
public sealed record UnknownSlackEvent : SlackEvent;
