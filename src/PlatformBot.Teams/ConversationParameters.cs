using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>Body of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public IList<ChannelAccount>? Members { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public Activity? Activity { get; set; }

    public JsonNode? ChannelData { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A new top-level post in a Teams channel (the response id is the new thread's conversation id).</summary>
    public static ConversationParameters ForChannelPost(string teamsChannelId, string tenantId, Activity activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamsChannelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(activity);
        return new ConversationParameters
        {
            IsGroup = true,
            TenantId = tenantId,
            Activity = activity,
            ChannelData = new JsonObject
            {
                ["channel"] = new JsonObject { ["id"] = teamsChannelId },
                ["tenant"] = new JsonObject { ["id"] = tenantId },
            },
        };
    }

    /// <summary>A 1:1 chat with a user who has the app installed (personally or through a shared team/chat).</summary>
    public static ConversationParameters ForPersonalChat(string botId, string userId, string tenantId, Activity? activity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userId }],
            TenantId = tenantId,
            Activity = activity,
            ChannelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
    }
}
