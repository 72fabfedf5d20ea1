using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Teams.Tests.TestSupport;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Teams.Tests;

public sealed class ConnectorClientTests : IDisposable
{
    private const string ThreadId = "19:abc@thread.tacv2;messageid=123";
    private const string EncodedThreadId = "19%3Aabc%40thread.tacv2%3Bmessageid%3D123";

    private readonly ConnectorTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Fetches_one_token_from_the_token_endpoint_and_reuses_it_for_later_sends()
    {
        RespondOk("/amer/v3/conversations/*", """{"id":"m-1"}""");

        var first = await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("one"), CancellationToken.None);
        var second = await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("two"), CancellationToken.None);

        Assert.Equal("m-1", first.Id);
        Assert.Equal("m-1", second.Id);
        Assert.Equal(1, _host.TokenRequests);
        var tokenRequest = Assert.Single(_host.Login.LogEntries);
        Assert.Contains("grant_type=client_credentials", tokenRequest.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", tokenRequest.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("client_id=" + BotFrameworkIssuer.AppId, tokenRequest.RequestMessage.Body, StringComparison.Ordinal);
        Assert.All(ConnectorRequests(), r => Assert.Equal("Bearer " + ConnectorTestHost.AccessToken, r.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Url_encodes_channel_thread_ids_in_the_request_path()
    {
        RespondOk("/amer/v3/conversations/*", """{"id":"m-2"}""");

        await _host.Client.SendToConversationAsync(_host.ServiceUrl, ThreadId, Activity.CreateMessage("hi"), CancellationToken.None);

        var request = Assert.Single(ConnectorRequests());
        Assert.Equal($"/amer/v3/conversations/{EncodedThreadId}/activities", SingleRawTarget());
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json; charset=utf-8", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("message", body["type"]!.GetValue<string>());
        Assert.Equal("hi", body["text"]!.GetValue<string>());
        Assert.Null(body["from"]); // nulls are not serialized
    }

    [Fact]
    public async Task Replies_to_an_activity_with_both_ids_encoded()
    {
        RespondOk("/amer/v3/conversations/*", """{"id":"m-3"}""");

        var response = await _host.Client.ReplyToActivityAsync(
            _host.ServiceUrl, ThreadId, "1759881511856", Activity.CreateMessage("re"), CancellationToken.None);

        Assert.Equal("m-3", response.Id);
        var request = Assert.Single(ConnectorRequests());
        Assert.Equal($"/amer/v3/conversations/{EncodedThreadId}/activities/1759881511856", SingleRawTarget());
        Assert.Equal("1759881511856", JsonNode.Parse(request.Body!)!["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updates_an_activity_with_a_put_carrying_its_id()
    {
        RespondOk("/amer/v3/conversations/*", """{"id":"1759881511856"}""", method: "PUT");
        var replacement = Activity.CreateCardMessage(new AdaptiveCardBuilder().Add(AdaptiveElements.TextBlock("updated")).Build());

        var response = await _host.Client.UpdateActivityAsync(
            _host.ServiceUrl, ThreadId, "1759881511856", replacement, CancellationToken.None);

        Assert.Equal("1759881511856", response.Id);
        var request = Assert.Single(ConnectorRequests());
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/amer/v3/conversations/{EncodedThreadId}/activities/1759881511856", SingleRawTarget());
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("1759881511856", body["id"]!.GetValue<string>());
        Assert.Equal(Attachment.AdaptiveCardContentType, body["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Null(replacement.Id); // the caller's activity is not modified
    }

    [Fact]
    public async Task Deletes_an_activity_and_tolerates_an_empty_success_body()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(200));

        await _host.Client.DeleteActivityAsync(_host.ServiceUrl, "a:1", "m-9", CancellationToken.None);

        var request = Assert.Single(ConnectorRequests());
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/amer/v3/conversations/a%3A1/activities/m-9", SingleRawTarget());
    }

    [Fact]
    public async Task Tolerates_an_empty_202_when_sending()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202));

        var response = await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None);

        Assert.Null(response.Id);
    }

    [Fact]
    public async Task Creates_a_channel_post_conversation()
    {
        _host.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"19:e5f@thread.tacv2;messageid=1759","activityId":"1759"}"""));
        var post = Activity.CreateCardMessage(new AdaptiveCardBuilder().Add(AdaptiveElements.TextBlock("Daily digest")).Build());

        var response = await _host.Client.CreateConversationAsync(
            _host.ServiceUrl,
            ConversationParameters.ForChannelPost("19:e5f@thread.tacv2", "tenant-a", post),
            CancellationToken.None);

        Assert.Equal("19:e5f@thread.tacv2;messageid=1759", response.Id);
        Assert.Equal("1759", response.ActivityId);
        var request = Assert.Single(ConnectorRequests());
        Assert.Equal("/amer/v3/conversations", SingleRawTarget());
        var body = JsonNode.Parse(request.Body!)!;
        Assert.True(body["isGroup"]!.GetValue<bool>());
        Assert.Equal("19:e5f@thread.tacv2", body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-a", body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-a", body["tenantId"]!.GetValue<string>());
        Assert.Equal("message", body["activity"]!["type"]!.GetValue<string>());
        Assert.Equal("Bearer " + ConnectorTestHost.AccessToken, request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task Creates_a_personal_conversation()
    {
        _host.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"a:1xyz"}"""));

        var response = await _host.Client.CreateConversationAsync(
            _host.ServiceUrl,
            ConversationParameters.ForPersonalChat("28:" + BotFrameworkIssuer.AppId, "29:user", "tenant-a"),
            CancellationToken.None);

        Assert.Equal("a:1xyz", response.Id);
        var body = JsonNode.Parse(Assert.Single(ConnectorRequests()).Body!)!;
        Assert.False(body["isGroup"]!.GetValue<bool>());
        Assert.Equal("28:" + BotFrameworkIssuer.AppId, body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("29:user", body["members"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Waits_for_Retry_After_on_429_then_succeeds()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("throttled").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("throttled").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"after-429"}"""));

        var response = await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None);

        Assert.Equal("after-429", response.Id);
        Assert.Equal(2, ConnectorRequests().Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], _host.Time.Delays);
    }

    [Fact]
    public async Task Honours_a_Retry_After_date()
    {
        var date = _host.Time.GetUtcNow().AddSeconds(5).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("dated").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", date));
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("dated").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"ok"}"""));

        await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(5)], _host.Time.Delays);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Retries_transient_statuses_with_backoff(int status)
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("transient").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(status));
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("transient").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"ok"}"""));

        var response = await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None);

        Assert.Equal("ok", response.Id);
        Assert.Equal(2, ConnectorRequests().Count);
        var delay = Assert.Single(_host.Time.Delays);
        Assert.InRange(delay, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2)); // 1 s base ±20 % jitter
    }

    [Fact]
    public async Task Gives_up_after_the_configured_attempts()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1")
                .WithBody("""{"error":{"code":"ThrottledRequest","message":"Too many requests"}}"""));

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal("ThrottledRequest", exception.ErrorCode);
        Assert.Equal(4, exception.Attempts);
        Assert.Equal(4, ConnectorRequests().Count);
        Assert.Equal(3, _host.Time.Delays.Count);
    }

    [Fact]
    public async Task Caps_a_huge_Retry_After()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("huge").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .InScenario("huge").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200));

        await _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(30)], _host.Time.Delays);
    }

    [Fact]
    public async Task Turns_other_errors_into_a_typed_exception_without_retrying()
    {
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403)
                .WithHeader("X-Correlating-OperationId", "corr-42")
                .WithBody("""{"error":{"code":"Forbidden","message":"blocked","innerHttpError":{"statusCode":403,"body":{"subCode":"MessageWritesBlocked"}}}}"""));

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            _host.Client.SendToConversationAsync(_host.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("Forbidden", exception.ErrorCode);
        Assert.Equal("MessageWritesBlocked", exception.SubCode);
        Assert.Equal("corr-42", exception.CorrelationId);
        Assert.True(exception.IsConversationBlocked);
        Assert.Single(ConnectorRequests());
        Assert.Empty(_host.Time.Delays);
    }

    [Theory]
    [InlineData("https://attacker.example/amer/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("https://user@botframework.com/")]
    public async Task Refuses_service_urls_outside_the_allow_list_without_sending_anything(string serviceUrl)
    {
        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() =>
            _host.Client.SendToConversationAsync(serviceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None));

        Assert.Empty(_host.Connector.LogEntries);
        Assert.Equal(0, _host.TokenRequests);
    }

    [Fact]
    public async Task An_allow_listed_http_service_url_gets_neither_a_call_nor_the_token_without_the_test_switch()
    {
        using ConnectorTestHost strict = new(o => o.AllowHttpServiceUrls = false);

        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() =>
            strict.Client.SendToConversationAsync(strict.ServiceUrl, "a:1", Activity.CreateMessage("x"), CancellationToken.None));
        var client = strict.Services.GetRequiredService<IHttpClientFactory>().CreateClient(TeamsHttpClientNames.Connector);
        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() => client.GetAsync(new Uri(strict.ServiceUrl + "v3/conversations")));

        Assert.StartsWith("http://localhost", strict.ServiceUrl, StringComparison.Ordinal); // allow-listed, loopback, http
        Assert.Empty(strict.Connector.LogEntries);
        Assert.Equal(0, strict.TokenRequests);
    }

    [Fact]
    public async Task The_auth_handler_refuses_foreign_hosts_even_for_hand_made_requests()
    {
        var client = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(TeamsHttpClientNames.Connector);

        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() => client.GetAsync(new Uri("https://example.com/v3/conversations")));

        Assert.Equal(0, _host.TokenRequests);
    }

    [Fact]
    public async Task Paces_sends_per_conversation()
    {
        using ConnectorTestHost host = new(o =>
        {
            o.Pacing.PermitsPerSecond = 2;
            o.Pacing.QueueLimit = 0; // fail fast instead of waiting, so the test needs no clock
        });
        host.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"id":"ok"}"""));
        await host.Services.GetRequiredService<ConnectorTokenProvider>().GetTokenAsync(CancellationToken.None);

        await host.Client.SendToConversationAsync(host.ServiceUrl, ThreadId, Activity.CreateMessage("1"), CancellationToken.None);
        await host.Client.SendToConversationAsync(host.ServiceUrl, "19:abc@thread.tacv2", Activity.CreateMessage("2"), CancellationToken.None);
        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            host.Client.SendToConversationAsync(host.ServiceUrl, "19:abc@thread.tacv2;messageid=999", Activity.CreateMessage("3"), CancellationToken.None));
        await host.Client.SendToConversationAsync(host.ServiceUrl, "a:other", Activity.CreateMessage("4"), CancellationToken.None);

        Assert.Equal("LocalPacingQueueFull", exception.ErrorCode);
        Assert.Equal(3, host.Connector.LogEntries.Count);
    }

    private void RespondOk(string pathPattern, string body, string method = "POST") =>
        _host.Connector.Given(Request.Create().WithPath(new WildcardMatcher(pathPattern)).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private List<IRequestMessage> ConnectorRequests() => [.. _host.Connector.LogEntries.Select(e => e.RequestMessage)];

    /// <summary>The encoded path as it went over the wire (WireMock's own fields are already decoded).</summary>
    private string SingleRawTarget() => Assert.Single(_host.RawTargets);
}
