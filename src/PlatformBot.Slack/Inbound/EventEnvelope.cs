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
