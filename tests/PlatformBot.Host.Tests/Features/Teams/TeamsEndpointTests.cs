using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;
using PlatformBot.Teams.Tests.TestSupport;

namespace PlatformBot.Host.Tests.Features.Teams;

public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await TeamsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject CardOf(JsonNode? activity)
    {
        var attachment = activity?["attachments"]?[0];
        Assert.Equal(Attachment.AdaptiveCardContentType, attachment?["contentType"]?.GetValue<string>());
        var card = Assert.IsType<JsonObject>(attachment?["content"]);
        var validation = AdaptiveCardValidator.Validate(card);
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        return card;
    }

    [Fact]
    public async Task A_personal_message_is_answered_with_the_account_card()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message("acme corp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (method, path, body) = Assert.Single(_host.ConnectorRequests());
        Assert.Equal(("POST", "/amer/v3/conversations/a:ada-1/activities/msg-1"), (method, path));
        var card = CardOf(body);
        var json = card.ToJsonString();
        Assert.Contains("Acme Corp", json, StringComparison.Ordinal);
        Assert.Contains("4 of 4", json, StringComparison.Ordinal);
        Assert.Contains("\"ARR\"", json, StringComparison.Ordinal); // the listed viewer sees ARR
        Assert.Equal(1, _host.Login.LogEntries.Count(e => e.RequestMessage.Path == TeamsTestHost.TokenPath));
        Assert.Equal("Bearer connector-token", _host.Connector.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_viewer_not_listed_gets_no_arr()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message("acme corp", aadObjectId: "someone-else"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = CardOf(Assert.Single(_host.ConnectorRequests()).Body).ToJsonString();
        Assert.Contains("Acme Corp", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ARR\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", json, StringComparison.Ordinal);
    }

    // Signs with a key of its own under the published key id: the signature does not verify.
    private static readonly RSA ForgedKey = RSA.Create(2048);

    public static TheoryData<string, int> RefusedTokens => new()
    {
        { "wrong audience", 401 },
        { "wrong issuer", 401 },
        { "expired", 401 },
        { "bad signature", 401 },
        { "missing endorsement", 403 },
        { "mismatched serviceUrl", 401 },
        { "wrong tenant", 403 },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_refused_token_or_tenant_gets_401_or_403_and_no_reply_is_sent(string problem, int status)
    {
        using var client = _host.Factory.CreateClient();
        var now = TimeProvider.System.GetUtcNow();
        var activity = _host.Message("acme corp");
        var token = problem switch
        {
            "wrong audience" => _host.Issuer.CreateToken(now, d => d.Audience = "11111111-2222-3333-4444-555555555555", serviceUrl: _host.ServiceUrl),
            "wrong issuer" => _host.Issuer.CreateToken(now, d => d.Issuer = "https://sts.windows.net/someone-else/", serviceUrl: _host.ServiceUrl),
            "expired" => _host.Issuer.CreateToken(now.AddHours(-2), serviceUrl: _host.ServiceUrl),
            "bad signature" => _host.Issuer.CreateToken(now, key: ForgedKey, serviceUrl: _host.ServiceUrl),
            "missing endorsement" => _host.Issuer.CreateToken(now, key: _host.Issuer.WebChatKey, kid: BotFrameworkIssuer.WebChatKeyId, serviceUrl: _host.ServiceUrl),
            "mismatched serviceUrl" => _host.Issuer.CreateToken(now, serviceUrl: "https://smba.trafficmanager.net/emea/"),
            _ => _host.Token(),
        };
        if (problem == "wrong tenant")
        {
            activity.Conversation!.TenantId = "tenant-b";
        }

        using var response = await _host.PostAsync(client, activity, token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(_host.ConnectorRequests());
        Assert.Equal(0, _host.Login.LogEntries.Count(e => e.RequestMessage.Path == TeamsTestHost.TokenPath));
    }

    [Fact]
    public async Task A_valid_token_from_an_allowed_tenant_is_accepted()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message("help"), _host.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.ConnectorRequests());
    }

    [Fact]
    public async Task A_signed_activity_from_a_service_url_outside_the_allow_list_gets_no_reply_and_our_token_goes_nowhere()
    {
        using var client = _host.Factory.CreateClient();
        var activity = _host.Message("acme corp", id: "foreign-1");
        activity.ServiceUrl = "https://smba.attacker.example/amer/";

        using var response = await _host.PostAsync(client, activity, _host.Token(activity.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.ConnectorRequests());
        Assert.Equal(0, _host.Login.LogEntries.Count(e => e.RequestMessage.Path == TeamsTestHost.TokenPath));
    }

    [Fact]
    public async Task A_channel_mention_sends_the_card_in_a_private_chat_and_a_note_in_the_thread()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message("acme corp", conversationType: "channel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = _host.ConnectorRequests();
        Assert.Equal(3, requests.Count);

        var create = requests[0];
        Assert.Equal(("POST", "/amer/v3/conversations"), (create.Method, create.Path));
        Assert.Equal("29:user-1", create.Body?["members"]?[0]?["id"]?.GetValue<string>());
        Assert.Equal(TeamsTestHost.TenantId, create.Body?["tenantId"]?.GetValue<string>());
        Assert.False(create.Body?["isGroup"]?.GetValue<bool>());

        var card = requests[1];
        Assert.Equal($"/amer/v3/conversations/{TeamsTestHost.PersonalConversationId}/activities", card.Path);
        Assert.Contains("Acme Corp", CardOf(card.Body).ToJsonString(), StringComparison.Ordinal);

        var note = requests[2];
        Assert.StartsWith("/amer/v3/conversations/19:channel@thread.tacv2;messageid=100/activities/msg-1", note.Path, StringComparison.Ordinal);
        Assert.Equal(TeamsBot.PrivateNote, note.Body?["text"]?.GetValue<string>());
        Assert.Null(note.Body?["attachments"]);
    }

    [Fact]
    public async Task Help_in_a_channel_is_answered_in_the_thread()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message("help", conversationType: "channel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, path, body) = Assert.Single(_host.ConnectorRequests());
        Assert.StartsWith("/amer/v3/conversations/19:channel@thread.tacv2;messageid=100/activities/msg-1", path, StringComparison.Ordinal);
        CardOf(body);
    }

    [Fact]
    public async Task A_pick_account_invoke_is_answered_with_the_card()
    {
        using var client = _host.Factory.CreateClient();
        var invoke = _host.Message(string.Empty, id: "invoke-1");
        invoke.Type = ActivityTypes.Invoke;
        invoke.Text = null;
        invoke.Name = Activity.AdaptiveCardActionInvokeName;
        invoke.Value = JsonSerializer.SerializeToElement(new
        {
            action = new { type = "Action.Execute", verb = AdaptiveCardRenderer.PickAccountVerb, data = new { accountId = "A-1" } },
            trigger = "manual",
        });

        using var response = await _host.PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal(AdaptiveCardInvokeResponses.CardType, body["type"]!.GetValue<string>());
        var card = Assert.IsType<JsonObject>(body["value"]);
        Assert.True(AdaptiveCardValidator.Validate(card).IsValid);
        Assert.Contains("Acme Corp", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(_host.ConnectorRequests());
    }

    [Fact]
    public async Task A_pick_account_submit_fallback_is_answered_with_the_card()
    {
        using var client = _host.Factory.CreateClient();
        var submit = _host.Message(string.Empty, id: "submit-1");
        submit.Text = null;
        submit.Value = JsonSerializer.SerializeToElement(new { verb = AdaptiveCardRenderer.PickAccountVerb, accountId = "A-2" });

        using var response = await _host.PostAsync(client, submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Acme Labs", CardOf(Assert.Single(_host.ConnectorRequests()).Body).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_activity_is_answered_once()
    {
        using var client = _host.Factory.CreateClient();

        using var first = await _host.PostAsync(client, _host.Message("acme corp", id: "dup-1"));
        using var second = await _host.PostAsync(client, _host.Message("acme corp", id: "dup-1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(_host.ConnectorRequests());
    }

    [Fact]
    public async Task Installation_stores_and_uninstall_removes_the_conversation_reference()
    {
        using var client = _host.Factory.CreateClient();
        var store = (ConversationReferenceStore)_host.Factory.Services.GetService(typeof(ConversationReferenceStore))!;
        var install = _host.Message(string.Empty, id: "install-1");
        install.Type = ActivityTypes.InstallationUpdate;
        install.Text = null;
        install.Action = "add";

        using (var response = await _host.PostAsync(client, install))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("29:user-1", (await store.FindAsync("a:ada-1", CancellationToken.None))?.UserId);

        install.Action = "remove";
        using (var response = await _host.PostAsync(client, install))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Null(await store.FindAsync("a:ada-1", CancellationToken.None));
        Assert.Equal("/amer/v3/conversations/a:ada-1/activities", Assert.Single(_host.ConnectorRequests()).Path); // the welcome
    }

    public static TheoryData<string, string> Questions => new()
    {
        { "acme corp", "personal" },
        { "acme", "personal" },
        { "acmee", "personal" },
        { "help", "personal" },
        { "explain ci", "personal" },
        { "kpi", "personal" },
        { "movers", "personal" },
        { "acme corp", "channel" },
        { "acme", "channel" },
        { "help", "channel" },
        { "explain ci", "channel" },
        { "kpi", "channel" },
        { "movers", "channel" },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Every_card_the_bot_sends_is_adaptive_card_1_5_within_the_message_budget(string question, string conversationType)
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(client, _host.Message(question, conversationType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cards = _host.ConnectorRequests().Select(r => r.Body?["activity"] ?? r.Body).Where(b => b?["attachments"] is not null).ToList();
        Assert.NotEmpty(cards);
        foreach (var body in cards)
        {
            var activity = body.Deserialize<Activity>(TeamsJson.Options)!;
            var validation = AdaptiveCardValidator.ValidateMessage(activity, AdaptiveCardValidator.ConservativeMessageBytes);
            Assert.True(validation.IsValid, question + ": " + string.Join("; ", validation.Errors));
            Assert.Equal("1.5", body!["attachments"]![0]!["content"]!["version"]!.GetValue<string>());
        }
    }
}

public sealed class TeamsNotConfiguredTests
{
    [Fact]
    public async Task Without_teams_settings_the_endpoint_does_not_exist()
    {
        await using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/messages", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Half_a_configuration_stops_start_up_naming_the_missing_key()
    {
        using var factory = new PlatformBotFactory().With("Teams:AppId", BotFrameworkIssuer.AppId);

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Teams:AppPassword", exception.ToString(), StringComparison.Ordinal);
    }
}
