using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Slack.Tests;

public sealed class SlackApiClientTests : IDisposable
{
    private readonly WireMockSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    private static readonly SlackMessage Card = new()
    {
        Text = "Acme: health 72",
        ThreadTs = "1700000000.000100",
        UnfurlLinks = false,
        Blocks = [SectionBlock.Mrkdwn("*Acme* 72")],
    };

    [Fact]
    public async Task PostMessage_sends_json_with_the_bearer_token_and_returns_channel_and_ts()
    {
        _slack.Method("chat.postMessage", """{"ok":true,"channel":"C1","ts":"1700000001.000200","message":{"text":"x"}}""");

        var posted = await _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None);

        Assert.Equal(new PostedMessage("C1", "1700000001.000200"), posted);
        var request = Assert.Single(_slack.Requests("/api/chat.postMessage"));
        Assert.Equal("Bearer " + TestOptions.BotToken, WireMockSlack.Header(request, "Authorization"));
        Assert.Equal("application/json; charset=utf-8", WireMockSlack.Header(request, "Content-Type"));
        Assert.Equal(
            """{"channel":"C1","text":"Acme: health 72","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Acme* 72"}}],"thread_ts":"1700000000.000100","unfurl_links":false}""",
            request.RequestMessage.Body);
    }

    [Fact]
    public async Task PostMessage_fills_missing_top_level_text_before_sending()
    {
        _slack.Method("chat.postMessage", """{"ok":true,"channel":"C1","ts":"1.1"}""");

        await _slack.ApiClient().PostMessageAsync("C1", new SlackMessage { Blocks = [HeaderBlock.Create("Digest")] }, CancellationToken.None);

        Assert.Equal("Digest", WireMockSlack.Json(Assert.Single(_slack.Requests("/api/chat.postMessage"))).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Ok_false_throws_with_the_slack_error_code_and_metadata_messages()
    {
        _slack.Method("chat.postMessage", """{"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text]"]}}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None));

        Assert.Equal("chat.postMessage", ex.Method);
        Assert.Equal("invalid_blocks", ex.Error);
        Assert.Contains("json-pointer:/blocks/0/text", Assert.Single(ex.Messages), StringComparison.Ordinal);
        Assert.DoesNotContain(TestOptions.BotToken, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEphemeral_returns_message_ts()
    {
        _slack.Method("chat.postEphemeral", """{"ok":true,"message_ts":"1700000002.000300"}""");

        var ts = await _slack.ApiClient().PostEphemeralAsync("C1", "U1", SlackMessage.FromText("only you"), CancellationToken.None);

        Assert.Equal("1700000002.000300", ts);
        var body = WireMockSlack.Json(Assert.Single(_slack.Requests("/api/chat.postEphemeral")));
        Assert.Equal(("C1", "U1", "only you"), (body.GetProperty("channel").GetString(), body.GetProperty("user").GetString(), body.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task UpdateMessage_sends_channel_and_ts()
    {
        _slack.Method("chat.update", """{"ok":true,"channel":"C1","ts":"1.5","text":"new"}""");

        var updated = await _slack.ApiClient().UpdateMessageAsync("C1", "1.5", SlackMessage.FromText("new"), CancellationToken.None);

        Assert.Equal(new PostedMessage("C1", "1.5"), updated);
        Assert.Equal("""{"channel":"C1","ts":"1.5","text":"new"}""", Assert.Single(_slack.Requests("/api/chat.update")).RequestMessage.Body);
    }

    [Fact]
    public async Task GetUser_posts_a_form_and_reads_the_profile()
    {
        _slack.Method("users.info", """{"ok":true,"user":{"id":"U1","team_id":"T1","name":"ann","real_name":"Ann Lee","deleted":false,"is_bot":false,"tz":"Europe/Berlin","profile":{"email":"ann@example.com","display_name":"ann"}}}""");

        var user = await _slack.ApiClient().GetUserAsync("U1", CancellationToken.None);

        Assert.Equal(("U1", "Ann Lee", "Europe/Berlin", "ann@example.com"), (user.Id, user.RealName, user.Tz, user.Profile?.Email));
        var request = Assert.Single(_slack.Requests("/api/users.info"));
        Assert.Equal("user=U1", request.RequestMessage.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", WireMockSlack.Header(request, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Bearer " + TestOptions.BotToken, WireMockSlack.Header(request, "Authorization"));
    }

    [Fact]
    public async Task LookupUserByEmail_returns_the_user_or_null_when_not_found()
    {
        _slack.Method("users.lookupByEmail", """{"ok":true,"user":{"id":"U7","name":"bo"}}""");
        var found = await _slack.ApiClient().LookupUserByEmailAsync("bo@example.com", CancellationToken.None);
        _slack.Server.Reset();
        _slack.Method("users.lookupByEmail", """{"ok":false,"error":"users_not_found"}""");
        var missing = await _slack.ApiClient().LookupUserByEmailAsync("nobody@example.com", CancellationToken.None);

        Assert.Equal("U7", found?.Id);
        Assert.Null(missing);
        Assert.Equal("email=nobody%40example.com", Assert.Single(_slack.Requests("/api/users.lookupByEmail")).RequestMessage.Body);
    }

    [Fact]
    public async Task GetConversation_reads_membership_and_privacy()
    {
        _slack.Method("conversations.info", """{"ok":true,"channel":{"id":"G1","name":"cs-team","is_channel":false,"is_group":true,"is_private":true,"is_archived":false,"is_member":true}}""");

        var channel = await _slack.ApiClient().GetConversationAsync("G1", CancellationToken.None);

        Assert.Equal(("G1", "cs-team", true, true), (channel.Id, channel.Name, channel.IsPrivate, channel.IsMember));
        Assert.Equal("channel=G1", Assert.Single(_slack.Requests("/api/conversations.info")).RequestMessage.Body);
    }

    [Fact]
    public async Task AuthTest_returns_the_bot_identity()
    {
        _slack.Method("auth.test", """{"ok":true,"url":"https://acme.slack.com/","team":"Acme","user":"platformbot","team_id":"T1","user_id":"UBOT","bot_id":"B1","is_enterprise_install":false}""");

        var me = await _slack.ApiClient().AuthTestAsync(CancellationToken.None);

        Assert.Equal(("T1", "UBOT", "B1"), (me.TeamId, me.UserId, me.BotId));
    }

    [Fact]
    public async Task PublishHomeView_sends_user_view_and_hash()
    {
        _slack.Method("views.publish", """{"ok":true,"view":{"id":"V1","hash":"h2","type":"home"}}""");

        var published = await _slack.ApiClient().PublishHomeViewAsync("U1", new HomeView([SectionBlock.Mrkdwn("Welcome")]), "h1", CancellationToken.None);

        Assert.Equal(new PublishedView("V1", "h2"), published);
        Assert.Equal(
            """{"user_id":"U1","view":{"type":"home","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Welcome"}}]},"hash":"h1"}""",
            Assert.Single(_slack.Requests("/api/views.publish")).RequestMessage.Body);
    }

    [Fact]
    public async Task Hash_conflict_on_views_publish_is_a_typed_error()
    {
        _slack.Method("views.publish", """{"ok":false,"error":"hash_conflict"}""");

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _slack.ApiClient().PublishHomeViewAsync("U1", new HomeView([new DividerBlock()]), "old", CancellationToken.None));

        Assert.Equal("hash_conflict", ex.Error);
    }

    [Fact]
    public async Task Rate_limited_call_waits_retry_after_on_the_time_provider_then_succeeds()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .InScenario("rate").WillSetStateTo("limited once")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{"ok":false,"error":"ratelimited"}"""));
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .InScenario("rate").WhenStateIs("limited once")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"ok":true,"channel":"C1","ts":"9.9"}"""));

        var call = _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None);
        await FakeTime.WaitUntilAsync(() => _slack.Requests("/api/chat.postMessage").Count == 1);
        await Task.Delay(200);
        var beforeTimeMoves = _slack.Requests("/api/chat.postMessage").Count;
        var waited = await FakeTime.AdvanceUntilCompleteAsync(call, _slack.Time);

        Assert.Equal(1, beforeTimeMoves); // real time passed, fake time did not: the client is waiting on Retry-After
        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal("9.9", (await call).Ts);
        Assert.Equal(2, _slack.Requests("/api/chat.postMessage").Count);
    }

    [Fact]
    public async Task Rate_limit_retries_are_bounded()
    {
        _slack.Options.MaxRateLimitRetries = 2;
        _slack.Server.Given(Request.Create().WithPath("/api/users.info").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{"ok":false,"error":"ratelimited"}"""));

        var call = _slack.ApiClient().GetUserAsync("U1", CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SlackRateLimitedException>(() => FakeTime.AdvanceUntilCompleteAsync(call, _slack.Time));

        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.Equal("ratelimited", ex.Error);
        Assert.Equal(3, _slack.Requests("/api/users.info").Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_configured_maximum_is_handed_to_the_caller_at_once()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120"));

        var ex = await Assert.ThrowsAsync<SlackRateLimitedException>(() => _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Single(_slack.Requests("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Server_error_on_an_idempotent_read_is_retried_with_backoff()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/users.info").UsingPost())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        _slack.Server.Given(Request.Create().WithPath("/api/users.info").UsingPost())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"ok":true,"user":{"id":"U1"}}"""));

        var call = _slack.ApiClient().GetUserAsync("U1", CancellationToken.None);
        await FakeTime.AdvanceUntilCompleteAsync(call, _slack.Time);

        Assert.Equal("U1", (await call).Id);
        Assert.Equal(2, _slack.Requests("/api/users.info").Count);
    }

    [Fact]
    public async Task Persistent_server_error_on_a_read_gives_up_after_bounded_retries()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/conversations.info").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(500));

        var call = _slack.ApiClient().GetConversationAsync("C1", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SlackTransportException>(() => FakeTime.AdvanceUntilCompleteAsync(call, _slack.Time));
        Assert.IsNotType<SlackOutcomeUnknownException>(ex);
        Assert.Equal(1 + _slack.Options.MaxReadRetries, _slack.Requests("/api/conversations.info").Count);
    }

    [Fact]
    public async Task Server_error_on_post_message_is_not_retried_and_reports_an_unknown_outcome()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(500));

        var ex = await Assert.ThrowsAsync<SlackOutcomeUnknownException>(() => _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None));

        Assert.Equal("chat.postMessage", ex.Method);
        Assert.Single(_slack.Requests("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Timeout_on_post_message_is_not_retried_and_reports_an_unknown_outcome()
    {
        _slack.Options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(1)).WithStatusCode(200).WithBody("""{"ok":true,"channel":"C1","ts":"1.1"}"""));

        await Assert.ThrowsAsync<SlackOutcomeUnknownException>(() => _slack.ApiClient(TimeProvider.System).PostMessageAsync("C1", Card, CancellationToken.None));

        // WireMock logs a request once its delayed answer is written; give a retry every chance to show up.
        await FakeTime.WaitUntilAsync(() => _slack.Requests("/api/chat.postMessage").Count >= 1);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(_slack.Requests("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Timeout_on_a_read_is_retried()
    {
        _slack.Options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        _slack.Options.MaxReadRetries = 1;
        _slack.Server.Given(Request.Create().WithPath("/api/auth.test").UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(1)).WithStatusCode(200).WithBody("""{"ok":true,"team_id":"T1","user_id":"U1"}"""));

        await Assert.ThrowsAsync<SlackTransportException>(() => _slack.ApiClient(TimeProvider.System).AuthTestAsync(CancellationToken.None));

        await FakeTime.WaitUntilAsync(() => _slack.Requests("/api/auth.test").Count >= 2);
    }

    [Fact]
    public async Task Caller_cancellation_is_reported_as_cancellation_not_as_a_timeout()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(2)).WithStatusCode(200).WithBody("""{"ok":true,"channel":"C1","ts":"1.1"}"""));
        using CancellationTokenSource cts = new(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _slack.ApiClient(TimeProvider.System).PostMessageAsync("C1", Card, cts.Token));
    }

    [Fact]
    public async Task Connection_refused_on_a_write_is_a_transport_error_with_a_known_outcome()
    {
        var port = _slack.Server.Ports[0];
        _slack.Server.Stop();
        _slack.Options.ApiBaseUrl = new Uri($"http://127.0.0.1:{port}/api/");

        var ex = await Assert.ThrowsAsync<SlackTransportException>(() => _slack.ApiClient().PostMessageAsync("C1", Card, CancellationToken.None));

        Assert.IsNotType<SlackOutcomeUnknownException>(ex); // nothing was sent, so nothing was posted
    }

    [Fact]
    public async Task Missing_bot_token_fails_before_any_request()
    {
        _slack.Options.BotToken = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _slack.ApiClient().AuthTestAsync(CancellationToken.None));
        Assert.Empty(_slack.Server.LogEntries);
    }

    [Fact]
    public async Task Non_json_answer_is_an_invalid_response_error()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/auth.test").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>proxy</html>"));

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _slack.ApiClient().AuthTestAsync(CancellationToken.None));

        Assert.Equal("invalid_response", ex.Error);
    }

    [Fact]
    public async Task File_upload_runs_the_three_external_upload_steps()
    {
        var uploadUrl = _slack.Server.Url + "/upload/v1/F123";
        _slack.Method("files.getUploadURLExternal", $$"""{"ok":true,"upload_url":"{{uploadUrl}}","file_id":"F123"}""");
        _slack.Server.Given(Request.Create().WithPath("/upload/v1/F123").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("OK - 5"));
        _slack.Method("files.completeUploadExternal", """{"ok":true,"files":[{"id":"F123","title":"Health chart"}]}""");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D];

        var file = await _slack.ApiClient().UploadFileAsync(
            new SlackFileUpload("health.png", png)
            {
                Title = "Health chart",
                AltText = "Health over 12 weeks",
                ChannelId = "C1",
                InitialComment = "This week",
                ThreadTs = "1.1",
            },
            CancellationToken.None);

        Assert.Equal("F123", file.Id);
        var step1 = Assert.Single(_slack.Requests("/api/files.getUploadURLExternal"));
        Assert.Equal("filename=health.png&length=5&alt_txt=Health+over+12+weeks", step1.RequestMessage.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", WireMockSlack.Header(step1, "Content-Type"), StringComparison.Ordinal);
        var step2 = Assert.Single(_slack.Requests("/upload/v1/F123"));
        Assert.Equal(png, step2.RequestMessage.BodyAsBytes);
        Assert.Null(WireMockSlack.Header(step2, "Authorization")); // the token never leaves for the upload host
        var step3 = Assert.Single(_slack.Requests("/api/files.completeUploadExternal"));
        Assert.Equal(
            """{"files":[{"id":"F123","title":"Health chart"}],"channel_id":"C1","initial_comment":"This week","thread_ts":"1.1"}""",
            step3.RequestMessage.Body);
        Assert.True(step1.RequestMessage.DateTime <= step2.RequestMessage.DateTime && step2.RequestMessage.DateTime <= step3.RequestMessage.DateTime);
    }

    [Fact]
    public async Task Upload_url_outside_slack_is_refused_before_sending_the_bytes()
    {
        _slack.Method("files.getUploadURLExternal", """{"ok":true,"upload_url":"https://files.example.com/upload/F1","file_id":"F1"}""");

        await Assert.ThrowsAsync<SlackUrlNotAllowedException>(() =>
            _slack.ApiClient().UploadFileAsync(new SlackFileUpload("a.png", Encoding.ASCII.GetBytes("x")), CancellationToken.None));

        Assert.Empty(_slack.Requests("/api/files.completeUploadExternal"));
    }

    [Fact]
    public async Task Empty_file_is_rejected_because_slack_requires_a_positive_length()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _slack.ApiClient().UploadFileAsync(new SlackFileUpload("a.png", ReadOnlyMemory<byte>.Empty), CancellationToken.None));
    }
}
