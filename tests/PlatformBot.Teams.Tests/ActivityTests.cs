using System.Text.Json;

namespace PlatformBot.Teams.Tests;

public sealed class ActivityTests
{
    private const string BotId = "28:00000000-aaaa-bbbb-cccc-000000000000";

    [Theory]
    [InlineData("<at>ScoreBot</at> score payments-api", "score payments-api")]
    [InlineData("<AT>scorebot</AT> score payments-api", "score payments-api")] // case-insensitive
    [InlineData("score <at>ScoreBot</at> payments-api", "score payments-api")] // mention in the middle
    [InlineData("<at>ScoreBot</at>\u00a0score\r\n\r\npayments-api  ", "score payments-api")] // nbsp and newlines collapse
    [InlineData("<at>ScoreBot</at> score R&amp;D&nbsp;team", "score R&D team")] // HTML entities decoded
    [InlineData("  help  ", "help")]
    [InlineData("", "")]
    public void RemoveRecipientMention_strips_the_bot_mention_and_normalizes(string text, string expected)
    {
        var activity = Message(text, MentionEntity(BotId, "ScoreBot", "<at>ScoreBot</at>"));

        Assert.Equal(expected, activity.RemoveRecipientMention());
    }

    [Fact]
    public void RemoveRecipientMention_uses_the_name_when_the_entity_has_no_text()
    {
        var activity = Message("<at>Score Bot</at> help", MentionEntity(BotId, "Score Bot", text: null));

        Assert.Equal("help", activity.RemoveRecipientMention());
    }

    [Fact]
    public void RemoveRecipientMention_keeps_mentions_of_other_people()
    {
        var activity = Message(
            "<at>ScoreBot</at> ask <at>Ada</at>",
            MentionEntity(BotId, "ScoreBot", "<at>ScoreBot</at>"),
            MentionEntity("29:ada", "Ada", "<at>Ada</at>"));

        Assert.Equal("ask <at>Ada</at>", activity.RemoveRecipientMention());
    }

    [Fact]
    public void RemoveRecipientMention_ignores_a_mention_with_the_bots_name_but_another_id()
    {
        var activity = Message("<at>ScoreBot</at> help", MentionEntity("29:impostor", "ScoreBot", "<at>ScoreBot</at>"));

        Assert.Equal("<at>ScoreBot</at> help", activity.RemoveRecipientMention());
    }

    [Fact]
    public void RemoveRecipientMention_survives_malformed_and_foreign_entities()
    {
        var activity = Message(
            "<at>ScoreBot</at> help",
            Json("""{"type":"clientInfo","locale":"en-US","platform":"Web"}"""),
            Json("""{"type":"mention","mentioned":"not-an-object"}"""),
            Json("\"just a string\""),
            MentionEntity(BotId, "ScoreBot", "<at>ScoreBot</at>"));

        Assert.Equal("help", activity.RemoveRecipientMention());
        Assert.Equal("<at>ScoreBot</at> help", activity.Text); // the activity itself is untouched
    }

    [Fact]
    public void Deserializes_a_teams_channel_message_tolerantly_and_keeps_unknown_members()
    {
        const string json = """
            { "type": "message", "id": "1759881511856", "channelId": "msteams",
              "serviceUrl": "https://smba.trafficmanager.net/emea/", "timestamp": "2026-05-04T09:12:03.1Z",
              "from": { "id": "29:1Ab", "name": "Ada L.", "aadObjectId": "b15a", "userRole": "user" },
              "recipient": { "id": "28:00000000-aaaa-bbbb-cccc-000000000000", "name": "ScoreBot" },
              "conversation": { "id": "19:e5f@thread.tacv2;messageid=1759881511856", "conversationType": "channel",
                                "isGroup": true, "tenantId": "72f9" },
              "text": "<at>ScoreBot</at> score payments-api", "textFormat": "plain",
              "entities": [ { "type": "mention", "text": "<at>ScoreBot</at>",
                              "mentioned": { "id": "28:00000000-aaaa-bbbb-cccc-000000000000", "name": "ScoreBot" } },
                            { "type": "clientInfo", "locale": "en-US", "platform": "Web", "timezone": "Europe/Berlin" } ],
              "channelData": { "tenant": { "id": "72f9" }, "team": { "id": "19:aa1@thread.tacv2" },
                               "channel": { "id": "19:e5f@thread.tacv2" }, "eventType": null },
              "locale": "en-US", "someFutureField": { "x": 1 } }
            """;

        var activity = JsonSerializer.Deserialize<Activity>(json, TeamsJson.Options)!;

        Assert.Equal("score payments-api", activity.RemoveRecipientMention());
        Assert.Equal("72f9", activity.GetTenantId());
        Assert.Equal("19:aa1@thread.tacv2", activity.GetTeamId());
        Assert.Equal("19:e5f@thread.tacv2", activity.GetTeamsChannelId());
        Assert.True(activity.Properties!.ContainsKey("someFutureField"));
        Assert.True(activity.From!.Properties!.ContainsKey("userRole"));
        var roundTrip = JsonSerializer.Serialize(activity, TeamsJson.Options);
        Assert.Contains("\"someFutureField\":{\"x\":1}", roundTrip, StringComparison.Ordinal);
        Assert.Contains("\"timezone\":\"Europe/Berlin\"", roundTrip, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTenantId_falls_back_to_channel_data()
    {
        Activity activity = new()
        {
            Conversation = new ConversationAccount { Id = "a:1" },
            ChannelData = Json("""{"tenant":{"id":"from-channel-data"}}"""),
        };

        Assert.Equal("from-channel-data", activity.GetTenantId());
    }

    [Fact]
    public void GetTenantId_prefers_the_conversation()
    {
        Activity activity = new()
        {
            Conversation = new ConversationAccount { Id = "a:1", TenantId = "from-conversation" },
            ChannelData = Json("""{"tenant":{"id":"from-channel-data"}}"""),
        };

        Assert.Equal("from-conversation", activity.GetTenantId());
    }

    [Fact]
    public void Parses_an_Action_Execute_invoke()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""
            { "type": "invoke", "name": "adaptiveCard/action", "replyToId": "card-msg",
              "value": { "action": { "type": "Action.Execute", "id": "refresh", "verb": "score.refresh",
                                     "data": { "repo": "payments-api" } }, "trigger": "manual" } }
            """, TeamsJson.Options)!;

        var action = activity.GetAdaptiveCardAction()!;

        Assert.True(activity.IsInvoke);
        Assert.Equal(AdaptiveCardActionKind.Execute, action.Kind);
        Assert.Equal("score.refresh", action.Verb);
        Assert.Equal("refresh", action.ActionId);
        Assert.Equal("manual", action.Trigger);
        Assert.Equal("card-msg", action.CardActivityId);
        Assert.Equal("payments-api", action.Data!.Value.GetProperty("repo").GetString());
    }

    [Fact]
    public void Parses_an_Action_Submit_message_with_the_fallback_verb()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""
            { "type": "message", "replyToId": "card-msg", "value": { "verb": "score.refresh", "repo": "payments-api" } }
            """, TeamsJson.Options)!;

        var action = activity.GetAdaptiveCardAction()!;

        Assert.Equal(AdaptiveCardActionKind.Submit, action.Kind);
        Assert.Equal("score.refresh", action.Verb);
        Assert.Equal("card-msg", action.CardActivityId);
        Assert.Equal("payments-api", action.Data!.Value.GetProperty("repo").GetString());
    }

    [Fact]
    public void A_plain_message_or_other_invoke_is_no_card_action()
    {
        Assert.Null(Activity.CreateMessage("hello").GetAdaptiveCardAction());
        Activity taskFetch = new() { Type = ActivityTypes.Invoke, Name = "task/fetch", Value = Json("""{"data":{}}""") };
        Assert.Null(taskFetch.GetAdaptiveCardAction());
    }

    [Fact]
    public void CreateReply_answers_in_the_same_conversation_with_roles_swapped()
    {
        var inbound = Message("hi");
        inbound.Id = "in-1";
        inbound.Locale = "de-DE";

        var reply = inbound.CreateReply("hello");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("in-1", reply.ReplyToId);
        Assert.Equal(BotId, reply.From!.Id);
        Assert.Equal("29:ada", reply.Recipient!.Id);
        Assert.Equal("19:e5f@thread.tacv2;messageid=1", reply.Conversation!.Id);
        Assert.Equal("de-DE", reply.Locale);
        Assert.NotSame(inbound.Conversation, reply.Conversation);
    }

    [Fact]
    public void GetConversationReference_captures_what_proactive_messages_need()
    {
        var inbound = Message("hi");
        inbound.ChannelData = Json("""{"tenant":{"id":"t-1"},"team":{"id":"team-1"},"channel":{"id":"19:e5f@thread.tacv2"}}""");

        var reference = inbound.GetConversationReference();

        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("msteams", reference.ChannelId);
        Assert.Equal("19:e5f@thread.tacv2;messageid=1", reference.ConversationId);
        Assert.Equal("channel", reference.ConversationType);
        Assert.Equal("t-1", reference.TenantId);
        Assert.Equal(BotId, reference.BotId);
        Assert.Equal("b15a", reference.UserAadObjectId);
        Assert.Equal("team-1", reference.TeamId);
        Assert.Equal("19:e5f@thread.tacv2", reference.TeamsChannelId);
    }

    [Fact]
    public void A_mention_entity_round_trips()
    {
        var mention = Mention.Of(new ChannelAccount { Id = "29:ada", Name = "Ada" });
        var message = Activity.CreateMessage($"{mention.Text} please look");
        message.Entities = [mention.ToEntity()];

        var parsed = Assert.Single(message.GetMentions());

        Assert.Equal("<at>Ada</at>", parsed.Text);
        Assert.Equal("29:ada", parsed.Mentioned!.Id);
    }

    private static Activity Message(string text, params JsonElement[] entities) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        Text = text,
        From = new ChannelAccount { Id = "29:ada", Name = "Ada", AadObjectId = "b15a" },
        Recipient = new ChannelAccount { Id = BotId, Name = "ScoreBot" },
        Conversation = new ConversationAccount { Id = "19:e5f@thread.tacv2;messageid=1", ConversationType = "channel", IsGroup = true },
        Entities = [.. entities],
    };

    private static JsonElement MentionEntity(string id, string name, string? text) =>
        JsonSerializer.SerializeToElement(new { type = "mention", text, mentioned = new { id, name } });

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
