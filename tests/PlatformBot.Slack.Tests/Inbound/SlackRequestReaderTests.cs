using System.Net;
using System.Text;
using System.Text.Json;

namespace PlatformBot.Slack.Tests;

public sealed class SlackRequestReaderTests : IClassFixture<SlackEndpointsHost>, IDisposable
{
    private const string Form = "application/x-www-form-urlencoded";
    private const string Json = "application/json";

    private const string CommandBody =
        "token=legacy&team_id=T1&team_domain=acme&channel_id=C1&channel_name=general&user_id=U1&user_name=ann"
        + "&command=%2Facme&text=health+Acme+%26+Co&api_app_id=A1&is_enterprise_install=false"
        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fabc&trigger_id=1.2.3";

    private const string BlockActionsJson = """
        {"type":"block_actions","user":{"id":"U1","username":"ann","name":"ann","team_id":"T1"},"api_app_id":"A1","token":"x",
         "container":{"type":"message","message_ts":"1700000000.000100","channel_id":"C1","is_ephemeral":false},
         "trigger_id":"123.456","team":{"id":"T1","domain":"acme"},"enterprise":null,"is_enterprise_install":false,
         "channel":{"id":"C1","name":"general"},"message":{"ts":"1700000000.000100","text":"hi"},"state":{"values":{"b9":{"a9":{"type":"plain_text_input","value":"typed"}}}},
         "response_url":"https://hooks.slack.com/actions/T1/1/abc",
         "actions":[
           {"action_id":"account.open","block_id":"b1","text":{"type":"plain_text","text":"Open","emoji":true},"value":"acct-42","type":"button","action_ts":"1700000001.000200"},
           {"type":"static_select","action_id":"pick","block_id":"b2","selected_option":{"text":{"type":"plain_text","text":"Two"},"value":"2"},"action_ts":"1"}]}
        """;

    private readonly SlackEndpointsHost _host;

    public SlackRequestReaderTests(SlackEndpointsHost host)
    {
        _host = host;
        _host.Reset();
    }

    public void Dispose() => _host.Reset();

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _host.Client.SendAsync(request);

    private static string PayloadForm(string json) => "payload=" + Uri.EscapeDataString(json);

    [Fact]
    public async Task Signed_slash_command_is_parsed_and_answered()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", CommandBody, Form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var command = Assert.IsType<SlashCommand>(_host.LastPayload);
        Assert.Equal("/acme", command.Command);
        Assert.Equal("health Acme & Co", command.Text);
        Assert.Equal("U1", command.UserId);
        Assert.Equal("T1", command.TeamId);
        Assert.Equal("C1", command.ChannelId);
        Assert.Equal("1.2.3", command.TriggerId);
        Assert.Equal(new Uri("https://hooks.slack.com/commands/T1/1/abc"), command.ResponseUrl);
        Assert.False(command.IsEnterpriseInstall);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"text":"on it: health Acme &amp; Co"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("Application/X-WWW-Form-Urlencoded; Charset=UTF-8")]
    public async Task Content_type_with_charset_parameter_is_accepted(string contentType)
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", CommandBody, contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _host.HandlerRuns);
    }

    [Fact]
    public async Task Missing_signature_is_401_with_an_empty_body_and_no_handler_run()
    {
        using var response = await SendAsync(SlackEndpointsHost.UnsignedRequest("/slack/commands", Encoding.UTF8.GetBytes(CommandBody), Form));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Signature_made_with_another_secret_is_401()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", CommandBody, Form, secret: "forged"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Replayed_request_older_than_five_minutes_is_401()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", CommandBody, Form, age: TimeSpan.FromSeconds(301)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith(nameof(SlackVerificationFailure.TimestampOutsideWindow), _host.LastRejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Body_over_the_limit_by_content_length_is_413_without_verification()
    {
        var big = CommandBody + "&filler=" + new string('x', (int)SlackEndpointsHost.MaxBodyBytes);

        using var response = await SendAsync(_host.SignedRequest("/slack/commands", big, Form));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("Content-Length", _host.LastRejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_while_reading()
    {
        var big = CommandBody + "&filler=" + new string('x', 4 * (int)SlackEndpointsHost.MaxBodyBytes);
        using var request = _host.SignedRequest("/slack/commands", big, Form);
        // No Content-Length: the reader has to count.
        request.Headers.TransferEncodingChunked = true;

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("body exceeds", _host.LastRejectionReason, StringComparison.Ordinal);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Ssl_check_is_answered_200_with_nothing_done()
    {
        using var response = await SendAsync(SlackEndpointsHost.UnsignedRequest("/slack/commands", "ssl_check=1&token=legacy"u8.ToArray(), Form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Signed_command_with_the_wrong_content_type_is_415()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", CommandBody, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Unsigned_request_with_the_wrong_content_type_is_still_401()
    {
        using var response = await SendAsync(SlackEndpointsHost.UnsignedRequest("/slack/commands", "x"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Command_without_required_fields_is_400()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/commands", "text=hi&user_id=U1", Form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Block_actions_payload_is_parsed_into_typed_fields()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/interactions", PayloadForm(BlockActionsJson), Form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payload = Assert.IsType<InteractionPayload>(_host.LastPayload);
        Assert.Equal(InteractionPayload.BlockActionsType, payload.Type);
        Assert.Equal("U1", payload.User?.Id);
        Assert.Equal("ann", payload.User?.Username);
        Assert.Equal("T1", payload.TeamId);
        Assert.Equal("C1", payload.Channel?.Id);
        Assert.Equal("1700000000.000100", payload.Container?.MessageTs);
        Assert.Equal("123.456", payload.TriggerId);
        Assert.Equal(new Uri("https://hooks.slack.com/actions/T1/1/abc"), payload.ResponseUrl);
        Assert.Equal(2, payload.Actions.Count);
        Assert.Equal(("account.open", "b1", "acct-42", "button"), (payload.Actions[0].ActionId, payload.Actions[0].BlockId, payload.Actions[0].Value, payload.Actions[0].Type));
        Assert.Equal("2", payload.Actions[1].SelectedOption?.Value);
        Assert.Equal("Two", payload.Actions[1].SelectedOption?.Text?.Text);
        Assert.Equal("typed", payload.State!.Value.GetProperty("values").GetProperty("b9").GetProperty("a9").GetProperty("value").GetString());
        Assert.Equal("hi", payload.Message!.Value.GetProperty("text").GetString());
        Assert.Equal("x", payload.Raw.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Malformed_payload_json_is_400_problem()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/interactions", PayloadForm("{\"type\":\"block_actions\","), Form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Theory]
    [InlineData("nothing=here")]
    [InlineData("payload=")]
    [InlineData("payload=%5B1%2C2%5D")]
    [InlineData("payload=%7B%22user%22%3A%7B%7D%7D")]
    public async Task Payload_missing_or_of_the_wrong_shape_is_400(string body)
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/interactions", body, Form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Block_suggestion_is_parsed_and_answered_with_options()
    {
        const string json = """{"type":"block_suggestion","user":{"id":"U1","team_id":"T1"},"team":{"id":"T1"},"action_id":"account.search","block_id":"b1","value":"acm","api_app_id":"A1"}""";

        using var response = await SendAsync(_host.SignedRequest("/slack/options", PayloadForm(json), Form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var suggestion = Assert.IsType<BlockSuggestion>(_host.LastPayload);
        Assert.Equal(("account.search", "acm", "T1"), (suggestion.ActionId, suggestion.Value, suggestion.TeamId));
        Assert.Equal("""{"options":[{"text":{"type":"plain_text","text":"Match for acm"},"value":"acct-1"}]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Options_endpoint_refuses_other_payload_types()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/options", PayloadForm(BlockActionsJson), Form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Url_verification_is_answered_with_the_challenge()
    {
        const string json = """{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";

        using var response = await SendAsync(_host.SignedRequest("/slack/events", json, Json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsigned_url_verification_is_401()
    {
        using var response = await SendAsync(SlackEndpointsHost.UnsignedRequest("/slack/events", """{"challenge":"c","type":"url_verification"}"""u8.ToArray(), Json));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task App_mention_event_is_typed_and_carries_retry_headers()
    {
        const string json = """
            {"token":"legacy","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev-mention-1","event_time":1700000000,
             "authorizations":[{"enterprise_id":null,"team_id":"T1","user_id":"UBOT","is_bot":true,"is_enterprise_install":false}],
             "event":{"type":"app_mention","user":"U1","text":"<@UBOT> health Acme","ts":"1700000000.000100","channel":"C1","event_ts":"1700000000.000100"}}
            """;
        using var request = _host.SignedRequest("/slack/events", json, "application/json; charset=utf-8");
        request.Headers.Add(SlackRequestReader.RetryNumHeader, "2");
        request.Headers.Add(SlackRequestReader.RetryReasonHeader, "http_timeout");

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = Assert.IsType<EventEnvelope>(_host.LastPayload);
        Assert.True(envelope.IsEventCallback);
        Assert.Equal(("Ev-mention-1", "T1", 1_700_000_000L), (envelope.EventId, envelope.TeamId, envelope.EventTime));
        Assert.Equal((2, "http_timeout"), (envelope.RetryNum, envelope.RetryReason));
        Assert.Equal("UBOT", Assert.Single(envelope.Authorizations).UserId);
        var mention = Assert.IsType<AppMentionEvent>(envelope.Event);
        Assert.Equal(("U1", "C1", "<@UBOT> health Acme"), (mention.User, mention.Channel, mention.Text));
        Assert.Equal("1700000000.000100", mention.ReplyThreadTs);
    }

    [Fact]
    public async Task Slack_entities_in_command_and_mention_text_are_decoded_once()
    {
        // What Slack sends for "A & B <x>" typed by the user, and for "&lt;" typed literally (stays "&lt;").
        var body = CommandBody.Replace("text=health+Acme+%26+Co", "text=" + Uri.EscapeDataString("A &amp; B &lt;x&gt; &amp;lt;"), StringComparison.Ordinal);
        using (var response = await SendAsync(_host.SignedRequest("/slack/commands", body, Form)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("A & B <x> &lt;", Assert.IsType<SlashCommand>(_host.LastPayload).Text);
        }

        const string json = """
            {"type":"event_callback","team_id":"T1","event_id":"Ev-amp-1","event":{"type":"app_mention","user":"U1","text":"<@UBOT> A &amp; B","ts":"1.1","channel":"C1"}}
            """;
        using var mentioned = await SendAsync(_host.SignedRequest("/slack/events", json, Json));

        Assert.Equal(HttpStatusCode.OK, mentioned.StatusCode);
        var mention = Assert.IsType<AppMentionEvent>(Assert.IsType<EventEnvelope>(_host.LastPayload).Event);
        Assert.Equal("<@UBOT> A & B", mention.Text);
    }

    [Fact]
    public async Task Redelivered_event_is_processed_once()
    {
        const string json = """{"type":"event_callback","team_id":"T1","event_id":"Ev-dup-1","event":{"type":"app_mention","user":"U1","text":"hi","ts":"1.1","channel":"C1"}}""";

        using var first = await SendAsync(_host.SignedRequest("/slack/events", json, Json));
        using var retry = _host.SignedRequest("/slack/events", json, Json);
        retry.Headers.Add(SlackRequestReader.RetryNumHeader, "1");
        using var second = await SendAsync(retry);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, _host.HandlerRuns);
    }

    [Fact]
    public async Task App_home_opened_is_typed_and_unknown_events_stay_raw()
    {
        const string home = """{"type":"event_callback","team_id":"T1","event_id":"Ev-home-1","event":{"type":"app_home_opened","user":"U1","channel":"D1","tab":"home","event_ts":"1.2","view":{"id":"V1","hash":"h1"}}}""";
        const string other = """{"type":"event_callback","team_id":"T1","event_id":"Ev-other-1","event":{"type":"reaction_added","user":"U1","reaction":"tada"}}""";

        using var r1 = await SendAsync(_host.SignedRequest("/slack/events", home, Json));
        var opened = Assert.IsType<AppHomeOpenedEvent>(Assert.IsType<EventEnvelope>(_host.LastPayload).Event);
        using var r2 = await SendAsync(_host.SignedRequest("/slack/events", other, Json));
        var unknown = Assert.IsType<UnknownSlackEvent>(Assert.IsType<EventEnvelope>(_host.LastPayload).Event);

        Assert.Equal(("U1", "D1", "home"), (opened.User, opened.Channel, opened.Tab));
        Assert.Equal("h1", opened.View!.Value.GetProperty("hash").GetString());
        Assert.Equal("reaction_added", unknown.Type);
        Assert.Equal("tada", unknown.Raw.GetProperty("reaction").GetString());
    }

    [Theory]
    [InlineData("""{"type":"event_callback","team_id":"T1","event":{"type":"app_mention"}}""")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev1"}""")]
    [InlineData("""{"type":"url_verification"}""")]
    [InlineData("""{"team_id":"T1"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":""")]
    public async Task Malformed_event_envelope_is_400(string json)
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/events", json, Json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _host.HandlerRuns);
    }

    [Fact]
    public async Task Events_sent_as_a_form_are_415()
    {
        using var response = await SendAsync(_host.SignedRequest("/slack/events", "type=event_callback", Form));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
