using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>A user or bot: Teams ids are "29:…" (user, specific to our bot) and "28:&lt;appId&gt;" (bot).</summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>Stable Entra object id; key user identity on this (plus tenant), not on <see cref="Id"/>.</summary>
    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The conversation an activity belongs to.</summary>
public sealed class ConversationAccount
{
    /// <summary>"a:…" personal, "19:…@thread.v2" group chat, "19:…@thread.tacv2[;messageid=…]" channel (thread).</summary>
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>"personal", "groupChat" or "channel".</summary>
    public string? ConversationType { get; set; }

    public bool? IsGroup { get; set; }

    public string? TenantId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>A file, html copy or card carried by an activity.</summary>
public sealed class Attachment
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    /// <summary>Any JSON (a card object, a string …); a node so outbound cards can be attached without copying.</summary>
    public System.Text.Json.Nodes.JsonNode? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}
