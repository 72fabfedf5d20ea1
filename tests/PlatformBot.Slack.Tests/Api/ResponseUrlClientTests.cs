using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Slack.Tests;

public sealed class ResponseUrlClientTests : IDisposable
{
    private const string HookPath = "/commands/T1/397700885554/96rGlfmibIGlgcZRskXaIFfN";

    private readonly WireMockSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    private Uri HookUrl => new(_slack.Server.Url + HookPath);

    private void Hook(int status, string body) =>
        _slack.Server.Given(Request.Create().WithPath(HookPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

    [Fact]
    public async Task Posts_the_message_as_json_without_an_authorization_header()
    {
        Hook(200, "ok");

        await _slack.ResponseUrlClient().PostAsync(
            HookUrl,
            new SlackMessage { Text = "Acme: 72", ResponseType = SlackResponseType.InChannel, ReplaceOriginal = true },
            CancellationToken.None);

        var request = Assert.Single(_slack.Requests(HookPath));
        Assert.Equal("""{"text":"Acme: 72","response_type":"in_channel","replace_original":true}""", request.RequestMessage.Body);
        Assert.Equal("application/json; charset=utf-8", WireMockSlack.Header(request, "Content-Type"));
        Assert.Null(WireMockSlack.Header(request, "Authorization"));
    }

    [Fact]
    public async Task Json_ok_answer_is_success()
    {
        Hook(200, """{"ok":true}""");

        await _slack.ResponseUrlClient().PostAsync(HookUrl, SlackMessage.FromText("x"), CancellationToken.None);

        Assert.Single(_slack.Requests(HookPath));
    }

    [Theory]
    [InlineData(404, "expired_url", "expired_url")]
    [InlineData(400, "invalid_blocks", "invalid_blocks")]
    [InlineData(200, """{"ok":false,"error":"used_url"}""", "used_url")]
    [InlineData(500, "<html>Internal Server Error</html>", "http_500")]
    public async Task Refusals_become_slack_api_exceptions_with_the_error_code(int status, string body, string expected)
    {
        Hook(status, body);

        var ex = await Record.ExceptionAsync(() => _slack.ResponseUrlClient().PostAsync(HookUrl, SlackMessage.FromText("x"), CancellationToken.None));

        // A 5xx leaves the outcome unknown (the reply may have been shown); other refusals are Slack's answer.
        if (status >= 500)
        {
            Assert.IsType<SlackOutcomeUnknownException>(ex);
        }
        else
        {
            Assert.Equal(expected, Assert.IsType<SlackApiException>(ex).Error);
        }

        Assert.Single(_slack.Requests(HookPath));
    }

    [Theory]
    [InlineData("https://example.com/commands/T1/1/abc")]
    [InlineData("https://slack.com.example.com/commands/T1/1/abc")]
    [InlineData("https://evilslack.com/commands/T1/1/abc")]
    [InlineData("http://hooks.slack.com/commands/T1/1/abc")]
    [InlineData("https://hooks.slack.com:8443/commands/T1/1/abc")]
    public async Task Disallowed_hosts_are_refused_before_any_request(string url)
    {
        var ex = await Assert.ThrowsAsync<SlackUrlNotAllowedException>(() =>
            _slack.ResponseUrlClient().PostAsync(new Uri(url), SlackMessage.FromText("x"), CancellationToken.None));

        Assert.DoesNotContain("/commands/", ex.Message, StringComparison.Ordinal); // the path is a credential
        Assert.Empty(_slack.Server.LogEntries);
    }

    [Fact]
    public async Task Test_origin_is_allowed_only_when_configured()
    {
        Hook(200, "ok");
        _slack.Options.AdditionalAllowedOrigins.Clear();

        await Assert.ThrowsAsync<SlackUrlNotAllowedException>(() => _slack.ResponseUrlClient().PostAsync(HookUrl, SlackMessage.FromText("x"), CancellationToken.None));
        Assert.Empty(_slack.Server.LogEntries);
    }

    [Fact]
    public async Task Timeout_is_not_retried_because_each_post_uses_up_the_url()
    {
        _slack.Options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        _slack.Server.Given(Request.Create().WithPath(HookPath).UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(1)).WithStatusCode(200).WithBody("ok"));

        await Assert.ThrowsAsync<SlackOutcomeUnknownException>(() =>
            _slack.ResponseUrlClient(TimeProvider.System).PostAsync(HookUrl, SlackMessage.FromText("x"), CancellationToken.None));

        await FakeTime.WaitUntilAsync(() => _slack.Requests(HookPath).Count >= 1);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(_slack.Requests(HookPath));
    }

    [Fact]
    public async Task Oversized_message_is_cut_to_block_kit_limits_before_posting()
    {
        Hook(200, "ok");

        await _slack.ResponseUrlClient().PostAsync(
            HookUrl,
            new SlackMessage { Blocks = [.. Enumerable.Range(0, 70).Select(i => (Block)new DividerBlock())] },
            CancellationToken.None);

        var body = WireMockSlack.Json(Assert.Single(_slack.Requests(HookPath)));
        Assert.Equal(50, body.GetProperty("blocks").GetArrayLength());
        Assert.Equal(BlockKitLimits.FallbackText, body.GetProperty("text").GetString());
    }
}
