using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>
/// A Bot Framework activity. Deserialized tolerantly: unknown members are kept in <see cref="Properties"/>, and
/// the channel-specific parts (<see cref="ChannelData"/>, <see cref="Value"/>, <see cref="Entities"/>) stay raw JSON.
/// </summary>
public sealed class Activity
{
    public const string AdaptiveCardActionInvokeName = "adaptiveCard/action";

    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }

    public string? Locale { get; set; }

    /// <summary>Base URL for every outbound call about this conversation; take it from each inbound activity.</summary>
    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? Text { get; set; }

    public string? TextFormat { get; set; }

    public string? Summary { get; set; }

    public string? InputHint { get; set; }

    public string? AttachmentLayout { get; set; }

    public IList<Attachment>? Attachments { get; set; }

    public IList<JsonElement>? Entities { get; set; }

    public JsonElement? Value { get; set; }

    /// <summary>Invoke or event name, e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; set; }

    public string? ReplyToId { get; set; }

    public JsonElement? ChannelData { get; set; }

    public IList<ChannelAccount>? MembersAdded { get; set; }

    public IList<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>installationUpdate: add, remove, add-upgrade, remove-upgrade.</summary>
    public string? Action { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    [JsonIgnore]
    public bool IsInvoke => string.Equals(Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public bool IsMessage => string.Equals(Type, ActivityTypes.Message, StringComparison.OrdinalIgnoreCase);

    public static Activity CreateMessage(string text) => new() { Type = ActivityTypes.Message, Text = text };

    public static Activity CreateTyping() => new() { Type = ActivityTypes.Typing };

    /// <summary>A message carrying one Adaptive Card (and optional text, shown in notifications and older clients).</summary>
    public static Activity CreateCardMessage(JsonObject card, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            Attachments =
            [
                new Attachment
                {
                    ContentType = Attachment.AdaptiveCardContentType,
                    // A node can have only one parent; copy when the caller's card already lives elsewhere.
                    Content = card.Parent is null ? card : card.DeepClone(),
                },
            ],
        };
    }

    /// <summary>conversation.tenantId, falling back to channelData.tenant.id (older Teams payloads).</summary>
    public string? GetTenantId()
    {
        if (!string.IsNullOrWhiteSpace(Conversation?.TenantId))
        {
            return Conversation.TenantId;
        }

        return GetChannelDataString("tenant", "id");
    }

    /// <summary>channelData.team.id, set for team (channel) conversations.</summary>
    public string? GetTeamId() => GetChannelDataString("team", "id");

    /// <summary>channelData.channel.id: the channel root id, without the thread's ";messageid=" suffix.</summary>
    public string? GetTeamsChannelId() => GetChannelDataString("channel", "id");

    /// <summary>channelData.eventType on conversationUpdate (teamMemberAdded, channelCreated, teamDeleted …).</summary>
    public string? GetTeamsEventType() => GetChannelDataString("eventType");

    public IReadOnlyList<Mention> GetMentions()
    {
        if (Entities is null)
        {
            return [];
        }

        List<Mention> mentions = [];
        foreach (var entity in Entities)
        {
            if (entity.ValueKind == JsonValueKind.Object
                && entity.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && string.Equals(type.GetString(), Mention.EntityType, StringComparison.OrdinalIgnoreCase))
            {
                var mention = TryDeserialize<Mention>(entity);
                if (mention is not null)
                {
                    mentions.Add(mention);
                }
            }
        }

        return mentions;
    }

    /// <summary>
    /// The text with the bot's own @mention removed, as botbuilder's RemoveRecipientMention does (protocol doc §1.3):
    /// for each mention entity whose mentioned.id equals recipient.id, remove entity.text (or
    /// "&lt;at&gt;{name}&lt;/at&gt;" when it has none) case-insensitively. Then HTML entities are decoded and
    /// non-breaking spaces / newlines / runs of white space collapse to one space, trimmed.
    /// The activity itself is not changed.
    /// </summary>
    public string RemoveRecipientMention()
    {
        var text = Text ?? string.Empty;
        List<string> needles = [];
        var recipientId = Recipient?.Id;
        if (recipientId is not null)
        {
            foreach (var mention in GetMentions())
            {
                if (!string.Equals(mention.Mentioned?.Id, recipientId, StringComparison.Ordinal))
                {
                    continue;
                }

                var needle = mention.Text ?? (mention.Mentioned?.Name is { } name ? $"<at>{name}</at>" : null);
                if (!string.IsNullOrEmpty(needle))
                {
                    needles.Add(needle);
                    text = text.Replace(needle, string.Empty, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        // Teams sometimes escapes the name in one place and not the other (e.g. "&amp;"); a second pass over the
        // decoded text catches that without touching anything else.
        text = WebUtility.HtmlDecode(text);
        foreach (var needle in needles)
        {
            text = text.Replace(WebUtility.HtmlDecode(needle), string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        return CollapseWhiteSpace(text);
    }

    /// <summary>The card action behind this activity, or null when it is not one (see <see cref="AdaptiveCardAction"/>).</summary>
    public AdaptiveCardAction? GetAdaptiveCardAction()
    {
        if (Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (IsInvoke)
        {
            if (!string.Equals(Name, AdaptiveCardActionInvokeName, StringComparison.OrdinalIgnoreCase)
                || !value.TryGetProperty("action", out var action)
                || action.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new AdaptiveCardAction(
                AdaptiveCardActionKind.Execute,
                GetString(action, "verb"),
                action.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data : null,
                GetString(action, "id"),
                GetString(value, "trigger"),
                ReplyToId);
        }

        if (IsMessage)
        {
            return new AdaptiveCardAction(AdaptiveCardActionKind.Submit, GetString(value, "verb"), value, null, null, ReplyToId);
        }

        return null;
    }

    /// <summary>Everything needed to message this conversation later.</summary>
    public ConversationReference GetConversationReference()
    {
        if (string.IsNullOrWhiteSpace(ServiceUrl) || string.IsNullOrWhiteSpace(Conversation?.Id))
        {
            throw new InvalidOperationException("The activity has no serviceUrl or conversation id.");
        }

        return new ConversationReference
        {
            ServiceUrl = ServiceUrl,
            ChannelId = ChannelId ?? "msteams",
            ConversationId = Conversation.Id,
            ConversationType = Conversation.ConversationType,
            IsGroup = Conversation.IsGroup,
            TenantId = GetTenantId(),
            BotId = Recipient?.Id,
            BotName = Recipient?.Name,
            UserId = From?.Id,
            UserAadObjectId = From?.AadObjectId,
            UserName = From?.Name,
            TeamId = GetTeamId(),
            TeamsChannelId = GetTeamsChannelId(),
            ActivityId = Id,
        };
    }

    /// <summary>
    /// A message answering this activity: same conversation (so a channel thread stays a thread), from/recipient
    /// swapped, replyToId set.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
        ReplyToId = Id,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId },
        Conversation = Conversation is null
            ? null
            : new ConversationAccount
            {
                Id = Conversation.Id,
                Name = Conversation.Name,
                ConversationType = Conversation.ConversationType,
                IsGroup = Conversation.IsGroup,
                TenantId = Conversation.TenantId,
            },
    };

    private string? GetChannelDataString(params ReadOnlySpan<string> path)
    {
        if (ChannelData is not { ValueKind: JsonValueKind.Object } current)
        {
            return null;
        }

        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static T? TryDeserialize<T>(JsonElement element)
        where T : class
    {
        try
        {
            return element.Deserialize<T>(TeamsJson.Options);
        }
        catch (JsonException)
        {
            // One malformed entity must not make the whole activity unusable.
            return null;
        }
    }

    private static string CollapseWhiteSpace(string text)
    {
        StringBuilder builder = new(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                // char.IsWhiteSpace covers \u00a0, \r, \n and \t.
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
