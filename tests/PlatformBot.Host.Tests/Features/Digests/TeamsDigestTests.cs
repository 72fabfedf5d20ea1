using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;
using PlatformBot.Teams.Tests.TestSupport;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// Digests to Teams end to end: subscribed from a Teams channel (or the CLI), sent through the same DigestSender
/// and delivery guard as Slack, posted through the real connector client to WireMock playing the Bot Connector and
/// the login (MSAL). Every card posted is checked against Adaptive Card 1.5 and the message budget.
/// </summary>
public sealed class TeamsDigestTests : IAsyncLifetime
{
    private const string ThreadId = TeamsTestHost.ChannelId + ";messageid=1700";
    private TeamsTestHost _teams = null!;

    public async Task InitializeAsync()
    {
        _teams = await TeamsTestHost.StartAsync();

        // A new channel post answers like Teams: the thread's conversation id and the post's activity id.
        foreach (var region in new[] { "amer", "emea" })
        {
            _teams.Connector.Given(Request.Create().WithPath($"/{region}/v3/conversations").UsingPost().WithBody(new JsonPartialMatcher("""{"isGroup":true}""")))
                .AtPriority(10)
                .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                    .WithBody($$"""{"id":"{{ThreadId}}","activityId":"1700"}"""));
        }
    }

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private async Task<HttpStatusCode> MentionAsync(HttpClient client, string text, string id, string? serviceUrl = null)
    {
        var message = _teams.Message(text, "channel", id);
        message.ServiceUrl = serviceUrl ?? message.ServiceUrl;
        using var response = await _teams.PostAsync(client, message);
        return response.StatusCode;
    }

    private Task<SendOutcome> SendAsync(long id) =>
        _teams.Factory.Services.GetRequiredService<DigestSender>()
            .SendAsync(id, SampleData.SnapshotDate, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    private async Task<PlatformBotDbContext> DbAsync() =>
        await _teams.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();

    private async Task<long> SubscribeAsync(string channel, string kind = "arr-kpi")
    {
        await using var db = await DbAsync();
        var row = new DigestSubscription
        {
            Platform = "teams", ChannelId = channel, ServiceUrl = _teams.ServiceUrl, TenantId = TeamsTestHost.TenantId, Kind = kind,
            Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin", CreatedBy = "29:user-1", CreatedAtUtc = DateTime.UnixEpoch,
            UpdatedAtUtc = DateTime.UnixEpoch, Status = DigestStatus.Active,
        };
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    /// <summary>A message's Markdown text as Teams shows it (escapes resolved).</summary>
    internal static string Shown(JsonNode? text) => TeamsMarkdownReader.Read(text?.GetValue<string>() ?? string.Empty).Visible;

    private async Task<DigestDelivery> DeliveryAsync(long subscriptionId)
    {
        await using var db = await DbAsync();
        return await db.DigestDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscriptionId);
    }

    private List<(string Method, string Path, JsonNode? Body)> Requests(string path) =>
        [.. _teams.ConnectorRequests().Where(r => r.Path == path)];

    /// <summary>The activity a connector request carries (create-conversation wraps it in "activity").</summary>
    private static Activity ActivityOf(JsonNode? body) => (body?["activity"] ?? body).Deserialize<Activity>(TeamsJson.Options)!;

    private static void AssertCardWithinBudget(Activity activity)
    {
        var validation = AdaptiveCardValidator.ValidateMessage(activity, AdaptiveCardValidator.ConservativeMessageBytes);
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.True(validation.TotalBytes <= AdaptiveCardValidator.MaxMessageBytes, $"{validation.TotalBytes} bytes with the inline image");
        Assert.Equal(Attachment.AdaptiveCardContentType, activity.Attachments?.Single().ContentType);
        Assert.Equal("1.5", (activity.Attachments![0].Content as JsonObject)?["version"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_channel_subscribes_by_mention_and_gets_the_digest_once_as_a_channel_post_with_the_chart_in_its_thread()
    {
        using var client = _teams.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await MentionAsync(client, "subscribe arr-kpi day=mon time=09:00 tz=Europe/Berlin", "sub-1"));

        var reply = Assert.Single(_teams.ConnectorRequests());
        Assert.Equal($"/amer/v3/conversations/{TeamsTestHost.ChannelId};messageid=100/activities/sub-1", reply.Path);
        Assert.Contains("Subscribed teams " + TeamsTestHost.ChannelId + " to arr-kpi", Shown(reply.Body?["text"]), StringComparison.Ordinal);
        DigestSubscription subscription;
        await using (var db = await DbAsync())
        {
            subscription = await db.DigestSubscriptions.AsNoTracking().SingleAsync();
        }

        Assert.Equal(("teams", TeamsTestHost.ChannelId, TeamsTestHost.TenantId, _teams.ServiceUrl, "29:user-1", (string?)null),
            (subscription.Platform, subscription.ChannelId, subscription.TenantId, subscription.ServiceUrl, subscription.CreatedBy, subscription.ConversationId));
        var stored = await _teams.Factory.Services.GetRequiredService<ConversationReferenceStore>().FindAsync(TeamsTestHost.ChannelId, CancellationToken.None);
        Assert.Equal((_teams.ServiceUrl, TeamsTestHost.TeamId), (stored?.ServiceUrl, stored?.TeamId));

        var outcome = await SendAsync(subscription.Id);
        var again = await SendAsync(subscription.Id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal("1700", outcome.MessageId);
        Assert.Equal("already-claimed", again.Status);
        var post = Assert.Single(Requests("/amer/v3/conversations"));
        Assert.Equal(TeamsTestHost.ChannelId, post.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsTestHost.TenantId, post.Body["tenantId"]!.GetValue<string>());
        var card = ActivityOf(post.Body);
        AssertCardWithinBudget(card);
        Assert.Contains("Time zone: Europe/Berlin", card.Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal);
        var chart = Assert.Single(Requests($"/amer/v3/conversations/{ThreadId}/activities"));
        var chartActivity = ActivityOf(chart.Body);
        AssertCardWithinBudget(chartActivity);
        Assert.Contains("data:image/png;base64,", chartActivity.Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal);
        var delivery = await DeliveryAsync(subscription.Id);
        Assert.Equal((DigestStatus.Sent, "1700", ThreadId, "card"), (delivery.Status, delivery.MessageId, delivery.Channel, delivery.Mode));
        Assert.Equal(3, _teams.ConnectorRequests().Count); // the reply to the command, the post, the chart: nothing from the second send
    }

    [Fact]
    public async Task A_channel_lists_and_removes_its_subscriptions_by_mention()
    {
        using var client = _teams.Factory.CreateClient();
        await MentionAsync(client, "subscribe score-changes segment=enterprise", "sub-1");

        await MentionAsync(client, "subscriptions", "list-1");
        await MentionAsync(client, "unsubscribe score-changes", "unsub-1");

        var texts = _teams.ConnectorRequests().Select(r => Shown(r.Body?["text"])).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Contains("score-changes  segment=enterprise", texts[1], StringComparison.Ordinal);
        Assert.StartsWith("Removed 1 score-changes subscription(s) of this channel", texts[2], StringComparison.Ordinal);
        await using var db = await DbAsync();
        Assert.Empty(await db.DigestSubscriptions.ToListAsync());
    }

    [Fact]
    public async Task A_channel_updates_its_subscription_by_mention_keeping_its_id_and_delivery_log_with_the_checks_of_subscribe()
    {
        using var client = _teams.Factory.CreateClient();
        await MentionAsync(client, "subscribe arr-kpi day=mon time=09:00 tz=Europe/Berlin", "sub-1");
        long id;
        await using (var db = await DbAsync())
        {
            id = (await db.DigestSubscriptions.SingleAsync()).Id;
        }

        Assert.Equal(DigestStatus.Sent, (await SendAsync(id)).Status);

        await MentionAsync(client, $"subscriptions update {id} day=thu time=17:15 tz=America/New_York", "upd-1");
        await MentionAsync(client, $"subscriptions update {id} time=25:00", "upd-2");

        var texts = _teams.ConnectorRequests().Select(r => Shown(r.Body?["text"])).ToList();
        Assert.Contains(texts, t => t.StartsWith($"Updated subscription {id}: arr-kpi for all accounts every Thursday at 17:15 (America/New_York)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("time=25:00 is not a time", StringComparison.Ordinal));
        await using var check = await DbAsync();
        var row = await check.DigestSubscriptions.SingleAsync();
        Assert.Equal((id, "thu", "17:15", "America/New_York"), (row.Id, row.Day, row.Time, row.TimeZone));
        Assert.Equal(DigestStatus.Sent, (await DeliveryAsync(id)).Status);
    }

    [Fact]
    public async Task The_reactivate_button_of_a_digest_alert_puts_a_paused_subscription_back()
    {
        var id = await SubscribeAsync(TeamsTestHost.ChannelId);
        await using (var db = await DbAsync())
        {
            await db.DigestSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, DigestStatus.Broken));
        }

        using var client = _teams.Factory.CreateClient();
        var invoke = _teams.Message(string.Empty, id: "reactivate-1");
        invoke.Type = ActivityTypes.Invoke;
        invoke.Text = null;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Value = JsonSerializer.SerializeToElement(new
        {
            action = new { type = "Action.Execute", verb = TeamsDigestAlert.ReactivateVerb, data = new { subscriptionId = id.ToString(CultureInfo.InvariantCulture) } },
            trigger = "manual",
        });

        using var response = await _teams.PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains($"Subscription {id} is active again", body["value"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var check = await DbAsync();
        Assert.Equal(DigestStatus.Active, (await check.DigestSubscriptions.SingleAsync(s => s.Id == id)).Status);
    }

    [Fact]
    public async Task A_digest_goes_to_the_service_url_of_the_latest_activity_from_the_channel()
    {
        using var client = _teams.Factory.CreateClient();
        await MentionAsync(client, "subscribe arr-kpi", "sub-1");
        var moved = _teams.Connector.Url + "/emea/";

        // Teams moved the tenant: the next message from the channel comes with another service URL.
        Assert.Equal(HttpStatusCode.OK, await MentionAsync(client, "help", "help-1", moved));
        long id;
        await using (var db = await DbAsync())
        {
            id = (await db.DigestSubscriptions.SingleAsync()).Id;
        }

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Empty(Requests("/amer/v3/conversations"));
        Assert.Single(Requests("/emea/v3/conversations"));
        Assert.Equal(moved, (await _teams.Factory.Services.GetRequiredService<ConversationReferenceStore>().FindAsync(TeamsTestHost.ChannelId, CancellationToken.None))?.ServiceUrl);
    }

    [Fact]
    public async Task A_subscription_added_on_the_command_line_after_a_restart_takes_the_stored_reference()
    {
        using (var client = _teams.Factory.CreateClient())
        {
            // The app is added to the team: Teams sends conversationUpdate for the General channel (id = team id).
            var added = _teams.Message(string.Empty, "channel", "install-1");
            added.Type = ActivityTypes.ConversationUpdate;
            added.Text = null;
            added.Entities = null;
            added.Conversation!.Id = TeamsTestHost.TeamId;
            added.MembersAdded = [new ChannelAccount { Id = "28:" + BotFrameworkIssuer.AppId }];
            added.ChannelData = JsonSerializer.SerializeToElement(new { eventType = "teamMemberAdded", tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } });
            using var response = await _teams.PostAsync(client, added);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _teams.RestartAsync();
        // The stored reference is WireMock's http URL: the CLI accepts it only under the same test switch as the host.
        var connectorOnLoopback = new Dictionary<string, string>
        {
            ["Teams__AllowedServiceUrlHosts__0"] = "127.0.0.1",
            ["Teams__AllowedServiceUrlHosts__1"] = "localhost",
            ["Teams__AllowHttpServiceUrls"] = "true",
        };
        var cli = await Support.Cli.RunAsync(_teams.DataDirectory, connectorOnLoopback, "subscriptions", "add", "--platform", "teams", "--channel", TeamsTestHost.TeamId,
            "--kind", "score-changes", "--created-by", "29:user-1");

        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var outcome = await SendAsync(long.Parse(cli.Stdout.Trim(), CultureInfo.InvariantCulture));
        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var post = Assert.Single(Requests("/amer/v3/conversations"));
        Assert.Equal(TeamsTestHost.TeamId, post.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        AssertCardWithinBudget(ActivityOf(post.Body));
    }

    [Fact]
    public async Task A_card_the_connector_rejects_is_sent_again_as_text_only()
    {
        _teams.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost()
                .WithBody(new WildcardMatcher("*application/vnd.microsoft.card.adaptive*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"BadArgument","message":"Unknown attachment type"}}"""));
        var id = await SubscribeAsync(TeamsTestHost.ChannelId);

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var posts = Requests("/amer/v3/conversations");
        Assert.Equal(2, posts.Count);
        var text = ActivityOf(posts[1].Body);
        Assert.Null(text.Attachments);
        Assert.Contains("Platform adoption: share of ARR by level", text.Text, StringComparison.Ordinal);
        Assert.True(AdaptiveCardValidator.ValidateMessage(text, AdaptiveCardValidator.ConservativeMessageBytes).IsValid);
        Assert.Empty(Requests($"/amer/v3/conversations/{ThreadId}/activities")); // no chart card after cards were refused
        var delivery = await DeliveryAsync(id);
        Assert.Equal((DigestStatus.Sent, "text", "1700"), (delivery.Status, delivery.Mode, delivery.MessageId));
        Assert.Contains("card rejected (Teams rejected the message: HTTP 400 BadArgument)", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chart_the_connector_rejects_is_replaced_by_a_note_in_the_thread()
    {
        _teams.Connector.Given(Request.Create().WithPath($"/amer/v3/conversations/{ThreadId}/activities").UsingPost()
                .WithBody(new WildcardMatcher("*data:image/png*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(413).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"MessageSizeTooBig","message":"Message size too big"}}"""));
        var id = await SubscribeAsync(TeamsTestHost.ChannelId, "adoption-trends");

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var thread = Requests($"/amer/v3/conversations/{ThreadId}/activities");
        Assert.Equal(2, thread.Count);
        Assert.StartsWith("The chart could not be shown (Teams rejected the message: HTTP 413 MessageSizeTooBig)", TeamsMarkdownReader.Read(ActivityOf(thread[1].Body).Text!).Visible, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_with_Retry_After_is_waited_out_and_the_digest_posted_once()
    {
        _teams.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost().WithBody(new JsonPartialMatcher("""{"isGroup":true}""")))
            .InScenario("throttled").WillSetStateTo("recovered")
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        var id = await SubscribeAsync(TeamsTestHost.ChannelId, "score-changes");

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var posts = _teams.Connector.LogEntries.Where(e => e.RequestMessage.Path == "/amer/v3/conversations").OrderBy(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(429, Convert.ToInt32(posts[0].ResponseMessage.StatusCode, CultureInfo.InvariantCulture));
        var gap = posts[1].RequestMessage.DateTime - posts[0].RequestMessage.DateTime;
        Assert.True(gap >= TimeSpan.FromSeconds(0.9), $"the retry came {gap.TotalMilliseconds} ms after a 429 with Retry-After: 1");
        Assert.Equal("1700", (await DeliveryAsync(id)).MessageId);
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(404, "ConversationNotFound")]
    public async Task A_teams_channel_that_refuses_the_bot_marks_the_subscription_broken_and_tells_its_creator_in_a_private_chat(int status, string code)
    {
        _teams.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost()
                .WithBody(new WildcardMatcher("*19:gone@thread.tacv2*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"error":{"code":"{{{code}}}","message":"The bot is not part of the conversation roster."}}"""));
        var id = await SubscribeAsync("19:gone@thread.tacv2");

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        await using (var db = await DbAsync())
        {
            var subscription = await db.DigestSubscriptions.SingleAsync(s => s.Id == id);
            Assert.Equal(DigestStatus.Broken, subscription.Status);
            Assert.Contains(status.ToString(CultureInfo.InvariantCulture), subscription.StatusReason, StringComparison.Ordinal);
        }

        var chat = Assert.Single(Requests("/amer/v3/conversations"), r => r.Body?["isGroup"]?.GetValue<bool>() == false);
        Assert.Equal("29:user-1", chat.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsTestHost.TenantId, chat.Body["tenantId"]!.GetValue<string>());
        var alert = Assert.Single(Requests($"/amer/v3/conversations/{TeamsTestHost.PersonalConversationId}/activities"));
        var told = Shown(alert.Body?["text"]);
        Assert.Contains($"(subscription {id}) could not be posted", told, StringComparison.Ordinal);

        // Teams words: a Teams conversation takes the app again; Slack's "invite the bot" means nothing there.
        Assert.Contains("add PlatformBot to the team or chat again", told, StringComparison.Ordinal);
        Assert.DoesNotContain("invite the bot", told, StringComparison.Ordinal);
        Assert.Contains($"@PlatformBot subscriptions reactivate {id}", told, StringComparison.Ordinal);
        Assert.DoesNotContain("platformbot ", told, StringComparison.Ordinal);

        // a card with a Reactivate button (Action.Execute, verb and subscription id) for managers
        var action = alert.Body!["attachments"]![0]!["content"]!["actions"]![0]!;
        Assert.Equal("Action.Execute", action["type"]!.GetValue<string>());
        Assert.Equal("digest_reactivate", action["verb"]!.GetValue<string>());
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), action["data"]!["subscriptionId"]!.GetValue<string>());

        // Broken: the next send posts nothing at all.
        var before = _teams.ConnectorRequests().Count;
        Assert.Equal(DigestStatus.Broken, (await SendAsync(id)).Status);
        Assert.Equal(before, _teams.ConnectorRequests().Count);
    }

    [Fact]
    public async Task Every_digest_kind_is_an_adaptive_card_1_5_within_the_message_budget()
    {
        foreach (var kind in DigestKinds.All)
        {
            var id = await SubscribeAsync($"19:{kind.Text()}@thread.tacv2", kind.Text());
            Assert.Equal(DigestStatus.Sent, (await SendAsync(id)).Status);
        }

        var posts = Requests("/amer/v3/conversations");
        Assert.Equal(3, posts.Count);
        var charts = Requests($"/amer/v3/conversations/{ThreadId}/activities");
        Assert.Equal(2, charts.Count); // share of ARR by level, and the trends; score-changes has no chart
        foreach (var (_, _, body) in posts.Concat(charts))
        {
            AssertCardWithinBudget(ActivityOf(body));
        }
    }
}

public sealed class TeamsDigestAlertTests
{
    private const string AlertChannel = "19:alerts@thread.tacv2";

    [Fact]
    public async Task A_broken_subscription_is_also_reported_as_a_post_in_the_configured_teams_alert_channel()
    {
        await using var teams = await TeamsTestHost.StartAsync(new() { ["Digests:TeamsAlertChannel"] = AlertChannel });
        teams.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost().WithBody(new WildcardMatcher("*19:gone@thread.tacv2*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}"""));
        var services = teams.Factory.Services;
        await services.GetRequiredService<ConversationReferenceStore>().SaveAsync(new ConversationReference
        {
            ServiceUrl = teams.ServiceUrl, ChannelId = "msteams", ConversationId = AlertChannel, ConversationType = "channel",
            TenantId = TeamsTestHost.TenantId, TeamsChannelId = AlertChannel,
        }, CancellationToken.None);
        long id;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync())
        {
            var row = new DigestSubscription
            {
                Platform = "teams", ChannelId = "19:gone@thread.tacv2", ServiceUrl = teams.ServiceUrl, TenantId = TeamsTestHost.TenantId, Kind = "arr-kpi",
                Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin", CreatedBy = "cli:ops", CreatedAtUtc = DateTime.UnixEpoch,
                UpdatedAtUtc = DateTime.UnixEpoch, Status = DigestStatus.Active,
            };
            db.DigestSubscriptions.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        var outcome = await services.GetRequiredService<DigestSender>().SendAsync(id, SampleData.SnapshotDate, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        var alert = Assert.Single(teams.ConnectorRequests(), r => r.Body?["channelData"]?["channel"]?["id"]?.GetValue<string>() == AlertChannel);
        Assert.Equal("/amer/v3/conversations", alert.Path);
        Assert.Contains($"(subscription {id}) could not be posted", TeamsDigestTests.Shown(alert.Body!["activity"]!["text"]), StringComparison.Ordinal);
        Assert.DoesNotContain(teams.ConnectorRequests(), r => r.Body?["isGroup"]?.GetValue<bool>() == false); // "cli:ops" has no Teams chat
    }
}
