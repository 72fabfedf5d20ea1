using System.Text.Json;

namespace PlatformBot.Slack;

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
