using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;

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

    [Fact]
    public async Task A_token_for_another_audience_is_refused_and_nothing_is_sent()
    {
        using var client = _host.Factory.CreateClient();

        using var response = await _host.PostAsync(
            client, _host.Message("acme corp"), BotFrameworkIssuer.CreateToken(_host.ServiceUrl, audience: "11111111-2222-3333-4444-555555555555"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.ConnectorRequests());
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

        Assert.Equal("29:user-1", store.Find("a:ada-1")?.UserId);

        install.Action = "remove";
        using (var response = await _host.PostAsync(client, install))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Null(store.Find("a:ada-1"));
        Assert.Empty(_host.ConnectorRequests());
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
