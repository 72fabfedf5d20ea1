using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;
using PlatformBot.Teams.Tests.TestSupport;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>
/// The Bot Framework's rules on the real host: connector refusals, the turn deadline, the install welcome and
/// "Share in channel", against WireMock playing the Bot Connector.
/// </summary>
public sealed class TeamsProtocolTests : IAsyncLifetime
{
    private const string Thread = TeamsTestHost.ChannelId + ";messageid=100";
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync(new() { ["Teams:TurnTimeout"] = "00:00:08" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ConversationReferenceStore Store => _host.Factory.Services.GetRequiredService<ConversationReferenceStore>();

    private async Task<HttpResponseMessage> PostAsync(Activity activity)
    {
        using var client = _host.Factory.CreateClient();
        return await _host.PostAsync(client, activity);
    }

    private void Refuse(string conversationId, int status, string code) =>
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher($"/amer/v3/conversations/{conversationId}/activities*")).UsingPost())
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"error":{"code":"{{{code}}}","message":"refused by the test"}}"""));

    private async Task<long> SubscribePersonalAsync(string conversationId)
    {
        await using var db = await _host.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var row = new DigestSubscription
        {
            Platform = "teams", ChannelId = conversationId, ConversationId = conversationId, ServiceUrl = _host.ServiceUrl,
            TenantId = TeamsTestHost.TenantId, Kind = "arr-kpi", Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin",
            CreatedBy = "someone", CreatedAtUtc = DateTime.UnixEpoch, UpdatedAtUtc = DateTime.UnixEpoch, Status = DigestStatus.Active,
        };
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private static JsonObject? ShareAction(JsonNode? activity) =>
        activity?["attachments"]?[0]?["content"]?["body"]?.AsArray()
            .Where(e => e?["type"]?.GetValue<string>() == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray())
            .OfType<JsonObject>()
            .FirstOrDefault(a => a["verb"]?.GetValue<string>() == AdaptiveCardRenderer.ShareCardVerb);

    [Theory]
    [InlineData(403, "ConversationBlockedByUser", true)]
    [InlineData(404, "ConversationNotFound", true)]
    [InlineData(503, "ServiceUnavailable", false)]
    public async Task A_reply_the_connector_refuses_is_answered_normally_logged_at_warning_and_a_blocked_or_gone_conversation_is_marked(
        int status, string code, bool marked)
    {
        var message = _host.Message("acme corp", id: "refused-" + status);
        await Store.SaveAsync(message.GetConversationReference() with { ActivityId = null }, CancellationToken.None);
        Refuse("a:ada-1", status, code);

        using var response = await PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
        var warning = Assert.Single(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(TeamsBot).FullName);
        Assert.Contains(code, warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception); // an expected platform answer: one line, no stack trace
        var mark = await Store.UnreachableAsync("a:ada-1", CancellationToken.None);
        Assert.Equal(marked, mark is not null);
        if (marked)
        {
            Assert.Contains(code, mark!.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_connector_refusal_is_counted_as_a_teams_platform_error_by_its_code()
    {
        using var recorder = new MeterRecorder(_host.Factory.Services, "platformbot.platform.errors");
        var message = _host.Message("acme corp", id: "counted-1");
        await Store.SaveAsync(message.GetConversationReference() with { ActivityId = null }, CancellationToken.None);
        Refuse("a:ada-1", 403, "ConversationBlockedByUser");

        using (await PostAsync(message))
        {
        }

        var error = Assert.Single(recorder.Measurements);
        Assert.Equal(1L, error.Value);
        Assert.Equal("teams", error.Tags["platform"]);
        Assert.Equal("ConversationBlockedByUser", error.Tags["code"]);
    }

    [Fact]
    public async Task A_digest_for_a_conversation_marked_unreachable_is_skipped_with_the_reason_and_pauses_the_subscription()
    {
        var message = _host.Message("acme corp", id: "blocked-1");
        await Store.SaveAsync(message.GetConversationReference() with { ActivityId = null }, CancellationToken.None);
        Refuse("a:ada-1", 403, "ConversationBlockedByUser");
        using (await PostAsync(message))
        {
        }

        var subscription = await SubscribePersonalAsync("a:ada-1");
        var posted = _host.ConnectorRequests().Count;

        var outcome = await _host.Factory.Services.GetRequiredService<DigestSender>()
            .SendAsync(subscription, SampleData.SnapshotDate, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        Assert.Contains("ConversationBlockedByUser", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("skipped", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(posted, _host.ConnectorRequests().Count); // nothing was even tried
        await using var db = await _host.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(DigestStatus.Broken, (await db.DigestSubscriptions.SingleAsync(s => s.Id == subscription)).Status);
    }

    [Fact]
    public async Task A_message_from_a_marked_conversation_clears_the_mark()
    {
        var message = _host.Message("acme corp", id: "unblocked-1");
        await Store.SaveAsync(message.GetConversationReference() with { ActivityId = null }, CancellationToken.None);
        Assert.Equal(1, await Store.MarkUnreachableAsync("a:ada-1", "HTTP 403 ConversationBlockedByUser", CancellationToken.None));

        using var response = await PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await Store.UnreachableAsync("a:ada-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_slower_than_the_turn_timeout_does_not_hold_the_inbound_request()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/a:ada-1/activities*")).UsingPost())
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"late"}""").WithDelay(TimeSpan.FromSeconds(40)));
        var clock = Stopwatch.StartNew();

        using var response = await PostAsync(_host.Message("acme corp", id: "slow-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(25));
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("was not done within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Installing_in_a_personal_chat_sends_one_welcome_with_the_commands_once_per_install()
    {
        var install = _host.Message(string.Empty, id: "install-add");
        install.Type = ActivityTypes.InstallationUpdate;
        install.Text = null;
        install.Action = "add";
        var added = _host.Message(string.Empty, id: "members-added");
        added.Type = ActivityTypes.ConversationUpdate;
        added.Text = null;
        added.MembersAdded = [new ChannelAccount { Id = "28:" + BotFrameworkIssuer.AppId }];

        // Teams sends both events for one install.
        using (await PostAsync(install))
        {
        }

        using (await PostAsync(added))
        {
        }

        var (method, path, body) = Assert.Single(_host.ConnectorRequests());
        Assert.Equal(("POST", "/amer/v3/conversations/a:ada-1/activities"), (method, path));
        var card = body!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("PlatformBot commands", card, StringComparison.Ordinal);
        Assert.Contains("explain", card, StringComparison.Ordinal);
        Assert.Contains("Hi, I", card, StringComparison.Ordinal);

        // Uninstalled and installed again: a new install, a new welcome.
        install.Action = "remove";
        install.Id = "install-remove";
        using (await PostAsync(install))
        {
        }

        install.Action = "add";
        install.Id = "install-again";
        using (await PostAsync(install))
        {
        }

        Assert.Equal(2, _host.ConnectorRequests().Count);
    }

    [Fact]
    public async Task Installing_in_a_team_welcomes_in_the_teams_channel()
    {
        var update = _host.Message(string.Empty, "channel", "team-install");
        update.Type = ActivityTypes.ConversationUpdate;
        update.Text = null;
        update.Entities = null;
        update.Conversation!.Id = TeamsTestHost.TeamId;
        update.MembersAdded = [new ChannelAccount { Id = "28:" + BotFrameworkIssuer.AppId }];
        update.ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = TeamsTestHost.TenantId }, team = new { id = TeamsTestHost.TeamId } });

        using var response = await PostAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, path, body) = Assert.Single(_host.ConnectorRequests());
        Assert.Equal($"/amer/v3/conversations/{TeamsTestHost.TeamId}/activities", path);
        Assert.Contains("PlatformBot commands", body!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>Mentions the bot in the channel as the ARR viewer and returns the Share action of the card sent privately.</summary>
    private async Task<JsonObject> PrivateCardShareActionAsync()
    {
        using var response = await PostAsync(_host.Message("acme corp", "channel", "mention-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var privateCard = _host.ConnectorRequests()[1];
        Assert.Equal($"/amer/v3/conversations/{TeamsTestHost.PersonalConversationId}/activities", privateCard.Path);
        Assert.Contains("\"ARR\"", privateCard.Body!.ToJsonString(), StringComparison.Ordinal); // the private card may show ARR
        return ShareAction(privateCard.Body) ?? throw new InvalidOperationException("the private card has no Share action");
    }

    private Activity ShareInvoke(JsonNode data)
    {
        var invoke = _host.Message(string.Empty, id: "share-1");
        invoke.Type = ActivityTypes.Invoke;
        invoke.Text = null;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Conversation!.Id = TeamsTestHost.PersonalConversationId;
        invoke.Value = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = AdaptiveCardRenderer.ShareCardVerb, ["data"] = data.DeepClone() },
        });
        return invoke;
    }

    [Fact]
    public async Task Share_on_a_privately_sent_card_posts_the_arr_free_copy_into_the_thread()
    {
        var share = await PrivateCardShareActionAsync();
        var before = _host.ConnectorRequests().Count;

        using var response = await PostAsync(ShareInvoke(share["data"]!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(Wording.SharedInChannel, answer["value"]!.GetValue<string>());
        var (_, path, body) = Assert.Single(_host.ConnectorRequests().Skip(before));
        Assert.Equal($"/amer/v3/conversations/{Thread}/activities", path);
        var card = body!["attachments"]![0]!["content"]!.AsObject();
        Assert.True(AdaptiveCardValidator.Validate(card).IsValid);
        var json = card.ToJsonString();
        Assert.Contains("Acme Corp", json, StringComparison.Ordinal);
        Assert.Contains("Shared by Ada", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ARR\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", json, StringComparison.Ordinal);
        Assert.Null(ShareAction(body)); // the copy offers no further share
    }

    [Fact]
    public async Task The_share_submit_fallback_posts_the_copy_and_says_so_in_the_chat()
    {
        var data = (JsonObject)(await PrivateCardShareActionAsync())["data"]!.DeepClone();
        data["verb"] = AdaptiveCardRenderer.ShareCardVerb;
        var before = _host.ConnectorRequests().Count;
        var submit = _host.Message(string.Empty, id: "share-submit-1");
        submit.Text = null;
        submit.Conversation!.Id = TeamsTestHost.PersonalConversationId;
        submit.Value = JsonSerializer.SerializeToElement(data);

        using var response = await PostAsync(submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = _host.ConnectorRequests().Skip(before).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal($"/amer/v3/conversations/{Thread}/activities", requests[0].Path);
        Assert.StartsWith($"/amer/v3/conversations/{TeamsTestHost.PersonalConversationId}/activities/share-submit-1", requests[1].Path, StringComparison.Ordinal);
        Assert.Equal(Wording.SharedInChannel, requests[1].Body?["text"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("accountId", "A-2")]
    [InlineData("thread", "19:other@thread.tacv2")]
    [InlineData("ticket", "AAAA")]
    public async Task A_share_whose_data_was_altered_posts_nothing(string key, string value)
    {
        var data = (JsonObject)(await PrivateCardShareActionAsync())["data"]!.DeepClone();
        data[key] = value;
        var before = _host.ConnectorRequests().Count;

        using var response = await PostAsync(ShareInvoke(data));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TeamsBot.ShareInvalid, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!.GetValue<string>());
        Assert.Equal(before, _host.ConnectorRequests().Count);
    }
}
