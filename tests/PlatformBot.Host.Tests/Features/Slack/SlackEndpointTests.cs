using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Host.Tests.Features.Slack;

public sealed class SlackEndpointTests : IDisposable
{
    private const string Secret = "test-signing-secret-0123456789";
    private const string ArrUser = "U0ARRVIEW";
    private const string PlainUser = "U0PLAIN";
    private readonly WireMockServer _slack = WireMockServer.Start();
    private readonly PlatformBotFactory _factory;

    public SlackEndpointTests()
    {
        _slack.Given(Request.Create().WithPath(new WildcardMatcher("/hooks/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        _slack.Given(Request.Create().WithPath("/api/users.info").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"ok":true,"user":{"id":"U0JO","team_id":"T0TEAM","name":"jo","profile":{"email":"Jo@Example.com"}}}"""));
        _slack.Given(Request.Create().WithPath("/api/views.publish").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"ok":true,"view":{"id":"V0HOME","hash":"1700000000.abc"}}"""));
        _slack.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"ok":true,"channel":"C1","ts":"1700000000.000200"}"""));
        _factory = new PlatformBotFactory()
            .With("Slack:SigningSecret", Secret)
            .With("Slack:BotToken", "xoxb-test-token")
            .With("Slack:ApiBaseUrl", _slack.Url + "/api/")
            .With("Slack:AdditionalAllowedOrigins:0", _slack.Url)
            .With("Slack:MaxRequestBodyBytes", "4096")
            .With("Slack:ArrViewerUserIds:0", ArrUser);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _slack.Stop();
        _slack.Dispose();
    }

    private Task SeedAsync() => SampleData.SeedAsync(_factory.Services);

    private static string Now(int offsetSeconds = 0) =>
        (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

    private static HttpRequestMessage Signed(string path, string body, string contentType, string? timestamp = null, string secret = Secret)
    {
        var ts = timestamp ?? Now();
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, ts);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.ComputeSignature(secret, ts, bytes));
        return request;
    }

    private string HookUrl(string name) => $"{_slack.Url}/hooks/{name}";

    private HttpRequestMessage Command(string text, string hook, string user = PlainUser, string? timestamp = null, string secret = Secret, string channel = "C0CHAN") =>
        Signed("/slack/commands", Form(
            ("command", "/adoption"), ("text", text), ("user_id", user), ("team_id", "T0TEAM"), ("channel_id", channel),
            ("response_url", HookUrl(hook))), "application/x-www-form-urlencoded", timestamp, secret);

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    private List<string> PostsTo(string path) =>
        _slack.LogEntries.Where(e => e.RequestMessage.Path == path).Select(e => e.RequestMessage.Body ?? string.Empty).ToList();

    private async Task<string> WaitForPostAsync(string path)
    {
        for (var i = 0; i < 100; i++)
        {
            if (PostsTo(path) is [var body, ..])
            {
                return body;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Nothing was posted to {path} within 10 s.");
    }

    private static List<JsonElement> Buttons(JsonElement message, string actionId)
    {
        var found = new List<JsonElement>();
        foreach (var block in message.GetProperty("blocks").EnumerateArray())
        {
            if (block.TryGetProperty("accessory", out var accessory))
            {
                found.Add(accessory);
            }

            if (block.TryGetProperty("elements", out var elements))
            {
                found.AddRange(elements.EnumerateArray());
            }
        }

        return found.Where(e => e.TryGetProperty("action_id", out var id) && id.GetString() == actionId).ToList();
    }

    /// <summary>The command's reply: the HTTP response when it carried one (ready in time), else what reached response_url.</summary>
    private async Task<string> ReplyAsync(HttpResponseMessage response, string hook)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 0 ? body : await WaitForPostAsync("/hooks/" + hook);
    }

    private static void AssertCard(string body)
    {
        using var json = JsonDocument.Parse(body);
        var blocks = json.RootElement.GetProperty("blocks").GetRawText();
        Assert.Contains("Acme Corp", blocks, StringComparison.Ordinal);
        Assert.Contains("4 of 4", blocks, StringComparison.Ordinal);
        Assert.Equal("ephemeral", json.RootElement.GetProperty("response_type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("text").GetString()));
        var share = Assert.Single(Buttons(json.RootElement, "share_card"));
        Assert.Equal("A-1", share.GetProperty("value").GetString());
        Assert.DoesNotContain("300,000", body, StringComparison.Ordinal); // not an ARR viewer
    }

    [Fact]
    public async Task A_signed_lookup_ready_in_time_is_answered_in_the_http_response_and_nothing_goes_to_response_url()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("acme corp", "inline"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCard(await response.Content.ReadAsStringAsync());
        await Task.Delay(300);
        Assert.Empty(PostsTo("/hooks/inline"));
    }

    [Fact]
    public async Task A_lookup_not_ready_in_time_is_acknowledged_empty_and_the_card_goes_to_the_response_url()
    {
        _factory.With("Slack:InlineAnswerTimeout", "00:00:00");
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("acme corp", "card"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        AssertCard(await WaitForPostAsync("/hooks/card"));
    }

    [Fact]
    public async Task An_ambiguous_name_gets_a_pick_list_with_one_button_per_account()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("acme", "pick"));

        using var json = JsonDocument.Parse(await ReplyAsync(response, "pick"));
        var buttons = Buttons(json.RootElement, "pick_account");
        Assert.Equal(["A-1", "A-2"], buttons.Select(b => b.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
    }

    private async Task ImportAsync(ImportKind kind, string csv)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await _factory.Services.GetRequiredService<ImportService>().ImportAsync(kind, stream, "test", "test", null, CancellationToken.None);
        Assert.True(result.Succeeded, $"{kind} import failed");
    }

    /// <summary>33 accounts whose names start with "Pick", each with a subscription.</summary>
    private async Task SeedPickAccountsAsync()
    {
        var ids = Enumerable.Range(1, 33).Select(i => i.ToString("00", CultureInfo.InvariantCulture)).ToList();
        await ImportAsync(ImportKind.Accounts, "account_id,name,segment,region,csm,owner\n" + string.Join('\n', ids.Select(i => $"P-{i},Pick {i},smb,emea,,")));
        await ImportAsync(ImportKind.Subscriptions, "subscription_id,account_id,plan,arr,delivery,customer_since\n"
            + string.Join('\n', ids.Select(i => $"S-P{i},P-{i},premium,1000,saas,2024-01-01")));
    }

    private static List<JsonElement> Selects(JsonElement message, string actionId) =>
        [.. message.GetProperty("blocks").EnumerateArray()
            .Where(b => b.TryGetProperty("elements", out _))
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Where(e => e.GetProperty("type").GetString() == "static_select" && e.GetProperty("action_id").GetString() == actionId)];

    [Fact]
    public async Task A_pick_list_of_more_than_five_offers_the_rest_in_a_select_whose_choice_opens_that_accounts_card()
    {
        await SeedAsync();
        await SeedPickAccountsAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("pick", "pick-more"));

        using var json = JsonDocument.Parse(await ReplyAsync(response, "pick-more"));
        Assert.Equal(5, Buttons(json.RootElement, "pick_account").Count(b => b.GetProperty("type").GetString() == "button"));
        var select = Assert.Single(Selects(json.RootElement, "pick_account"));
        var options = select.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(28, options.Count);
        Assert.All(options, o => Assert.InRange(o.GetProperty("text").GetProperty("text").GetString()!.Length, 1, BlockKitLimits.MaxOptionText));
        Assert.Contains("Showing 5 of 33: the other 28 are in the list below.", json.RootElement.GetProperty("blocks").GetRawText(), StringComparison.Ordinal);
        var shown = Buttons(json.RootElement, "pick_account").Where(b => b.GetProperty("type").GetString() == "button").Select(b => b.GetProperty("value").GetString())
            .Concat(options.Select(o => o.GetProperty("value").GetString())).ToList();
        Assert.Equal(33, shown.Distinct().Count()); // every match, once

        var picked = options[^1].GetProperty("value").GetString()!;
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = PlainUser, team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            channel = new { id = "C0CHAN" },
            container = new { type = "message", channel_id = "C0CHAN", is_ephemeral = true },
            response_url = HookUrl("picked-from-select"),
            actions = new[] { new { type = "static_select", action_id = "pick_account", block_id = "b1", selected_option = new { text = new { type = "plain_text", text = "x" }, value = picked } } },
        });
        using var clicked = await client.SendAsync(Signed("/slack/interactions", Form(("payload", payload)), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        using var card = JsonDocument.Parse(await WaitForPostAsync("/hooks/picked-from-select"));
        Assert.True(card.RootElement.GetProperty("replace_original").GetBoolean());
        var header = card.RootElement.GetProperty("blocks")[0];
        Assert.Equal("header", header.GetProperty("type").GetString());
        Assert.Equal("Pick " + picked[2..], header.GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Slack_entities_in_command_and_mention_text_are_decoded_before_the_lookup()
    {
        await SeedAsync();
        await ImportAsync(ImportKind.Accounts, "account_id,name,segment,region,csm,owner\nA-9,A & B,smb,emea,,");
        await ImportAsync(ImportKind.Subscriptions, "subscription_id,account_id,plan,arr,delivery,customer_since\nS-9,A-9,premium,1000,saas,2024-01-01");
        using var client = _factory.CreateClient();

        // Slack sends "A & B" typed after the command as "A &amp; B".
        using var response = await client.SendAsync(Command("A &amp; B", "entities"));
        using (var json = JsonDocument.Parse(await ReplyAsync(response, "entities")))
        {
            Assert.Equal("A & B", json.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        }

        var envelope = JsonSerializer.Serialize(new
        {
            type = "event_callback",
            team_id = "T0TEAM",
            event_id = "EvAmp1",
            event_time = 1700000000,
            @event = new { type = "app_mention", user = PlainUser, text = "<@U0BOT> A &amp; B", ts = "1700000000.000300", channel = "C0CHAN", event_ts = "1700000000.000300" },
        });
        using var mentioned = await client.SendAsync(Signed("/slack/events", envelope, "application/json"));

        Assert.Equal(HttpStatusCode.OK, mentioned.StatusCode);
        using var posted = JsonDocument.Parse(await WaitForPostAsync("/api/chat.postMessage"));
        var header = posted.RootElement.GetProperty("blocks")[0];
        Assert.Equal("header", header.GetProperty("type").GetString());
        Assert.Equal("A & B", header.GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Arr_is_shown_only_to_a_listed_user()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var allowed = await client.SendAsync(Command("acme corp", "arr-yes", user: ArrUser));
        using var other = await client.SendAsync(Command("acme corp", "arr-no", user: PlainUser));

        Assert.Contains("300,000", await ReplyAsync(allowed, "arr-yes"), StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", await ReplyAsync(other, "arr-no"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_card_is_posted_in_channel_without_arr_even_for_an_arr_viewer()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = ArrUser, team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            channel = new { id = "C0CHAN" },
            container = new { type = "message", channel_id = "C0CHAN", is_ephemeral = true },
            response_url = HookUrl("share"),
            actions = new[] { new { type = "button", action_id = "share_card", value = "A-1" } },
        });
        using var response = await client.SendAsync(Signed("/slack/interactions", Form(("payload", payload)), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WaitForPostAsync("/hooks/share");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("in_channel", json.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("Acme Corp", body, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", body, StringComparison.Ordinal);
        Assert.DoesNotContain("*ARR*", json.RootElement.GetProperty("blocks").GetRawText(), StringComparison.Ordinal);
        Assert.Empty(Buttons(json.RootElement, "share_card"));
    }

    [Fact]
    public async Task Subscriptions_are_answered_for_the_channel_by_the_digests()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("subscriptions", "subs"));

        using var json = JsonDocument.Parse(await ReplyAsync(response, "subs"));
        Assert.Equal("ephemeral", json.RootElement.GetProperty("response_type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_forged_signature_is_401_and_nothing_is_posted()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("acme corp", "forged", secret: "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(500);
        Assert.Empty(PostsTo("/hooks/forged"));
    }

    [Fact]
    public async Task A_stale_timestamp_is_401()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("acme corp", "stale", timestamp: Now(-600)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_oversize_body_is_413()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command(new string('x', 5000), "big"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Url_verification_echoes_the_challenge()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Signed("/slack/events", """{"type":"url_verification","challenge":"chal-123","token":"x"}""", "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("chal-123", json.RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task A_mention_is_answered_in_its_thread_without_arr()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        var envelope = JsonSerializer.Serialize(new
        {
            type = "event_callback",
            team_id = "T0TEAM",
            event_id = "Ev0001",
            event_time = 1700000000,
            @event = new { type = "app_mention", user = ArrUser, text = "<@U0BOT> acme corp", ts = "1700000000.000100", channel = "C0CHAN", event_ts = "1700000000.000100" },
        });
        using var response = await client.SendAsync(Signed("/slack/events", envelope, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WaitForPostAsync("/api/chat.postMessage");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("C0CHAN", json.RootElement.GetProperty("channel").GetString());
        Assert.Equal("1700000000.000100", json.RootElement.GetProperty("thread_ts").GetString());
        Assert.Contains("4 of 4", body, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_event_is_acknowledged_but_answered_once()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();

        using var first = await client.SendAsync(HomeOpened("U0JO", "EvReplay1"));
        using var replay = await client.SendAsync(HomeOpened("U0JO", "EvReplay1"));
        await WaitForPostAsync("/api/views.publish");
        await Task.Delay(500);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Single(PostsTo("/api/views.publish"));
    }

    [Fact]
    public async Task A_signed_but_malformed_body_is_400_and_nothing_is_posted()
    {
        using var client = _factory.CreateClient();

        using var events = await client.SendAsync(Signed("/slack/events", "{\"type\":\"event_callback\",", "application/json"));
        using var interactions = await client.SendAsync(Signed("/slack/interactions", "payload=%7Bnot-json", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, events.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, interactions.StatusCode);
        Assert.DoesNotContain("   at ", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(_slack.LogEntries);
    }

    [Fact]
    public async Task A_workspace_not_allowed_gets_a_polite_refusal_and_no_lookup()
    {
        _factory.With("Slack:AllowedTeamIds:0", "T0OTHER");
        await SeedAsync();
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(Command("acme corp", "refused"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("PlatformBot isn't enabled for this workspace.", json.RootElement.GetProperty("text").GetString());
        await Task.Delay(300);
        Assert.Empty(PostsTo("/hooks/refused"));
    }

    private static HttpRequestMessage HomeOpened(string user, string eventId) =>
        Signed("/slack/events", JsonSerializer.Serialize(new
        {
            type = "event_callback",
            team_id = "T0TEAM",
            event_id = eventId,
            event_time = 1700000000,
            @event = new { type = "app_home_opened", user, channel = "D0HOME", tab = "home", event_ts = "1700000000.000300" },
        }), "application/json");

    private async Task SubscribeAsync(string channel, string createdBy)
    {
        var subscriptions = _factory.Services.GetRequiredService<SubscriptionService>();
        var result = await subscriptions.SubscribeAsync(new DigestTarget(DigestPlatform.Slack, channel), createdBy, "score-changes day=mon time=09:00 tz=Europe/Berlin", CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task App_home_lists_the_viewers_accounts_by_email_and_the_subscriptions_they_created()
    {
        await SeedAsync();
        await SubscribeAsync("C0MINE0001", "U0JO");
        await SubscribeAsync("C0OTHERS01", "U0SOMEONE");
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(HomeOpened("U0JO", "EvHome1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WaitForPostAsync("/api/views.publish");
        Assert.Contains("user=U0JO", Assert.Single(PostsTo("/api/users.info")), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("U0JO", json.RootElement.GetProperty("user_id").GetString());
        var view = json.RootElement.GetProperty("view");
        Assert.Equal("home", view.GetProperty("type").GetString());
        var blocks = view.GetProperty("blocks").GetRawText();
        Assert.Contains("Acme Corp", blocks, StringComparison.Ordinal); // jo@example.com is CSM of A-1 and A-2 (e-mail matched case-insensitively)
        Assert.Contains("Acme Labs", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("Globex", blocks, StringComparison.Ordinal);
        Assert.Contains("nearest to green", blocks, StringComparison.Ordinal); // A-2 has yellow or red use cases
        Assert.Contains("Channel subscriptions you manage", blocks, StringComparison.Ordinal);
        Assert.Contains("C0MINE0001", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("C0OTHERS01", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", blocks, StringComparison.Ordinal);
        Assert.Contains("\"action_id\":\"home_lookup\"", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_manager_sees_every_slack_subscription_on_app_home()
    {
        _factory.With("Digests:ManagerUserIds:0", "U0JO");
        await SeedAsync();
        await SubscribeAsync("C0MINE0001", "U0JO");
        await SubscribeAsync("C0OTHERS01", "U0SOMEONE");
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(HomeOpened("U0JO", "EvHome2"));

        var blocks = JsonDocument.Parse(await WaitForPostAsync("/api/views.publish")).RootElement.GetProperty("view").GetProperty("blocks").GetRawText();
        Assert.Contains("C0MINE0001", blocks, StringComparison.Ordinal);
        Assert.Contains("C0OTHERS01", blocks, StringComparison.Ordinal);
        Assert.Contains("U0SOMEONE", blocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_updates_its_subscription_with_the_command_keeping_its_id_and_add_checks_the_new_values()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var subscribed = await client.SendAsync(Command("subscribe score-changes day=mon time=09:00 tz=Europe/Berlin", "sub", channel: "C0DIGEST02"));
        await ReplyAsync(subscribed, "sub");
        var id = Assert.Single(await _factory.Services.GetRequiredService<SubscriptionService>().ListAsync(null, CancellationToken.None)).Id;

        using var updated = await client.SendAsync(Command($"subscriptions update {id} day=tue time=08:30 tz=Europe/Paris", "upd", channel: "C0DIGEST02"));
        var said = await ReplyAsync(updated, "upd");
        using var bad = await client.SendAsync(Command($"subscriptions update {id} day=someday", "bad", channel: "C0DIGEST02"));
        var refused = await ReplyAsync(bad, "bad");
        using var elsewhere = await client.SendAsync(Command($"subscriptions update {id} day=wed", "else", channel: "C0ELSEWHERE"));
        var notHere = await ReplyAsync(elsewhere, "else");

        Assert.Contains($"Updated subscription {id}: score-changes for all accounts every Tuesday at 08:30 (Europe/Paris)", said, StringComparison.Ordinal);
        Assert.Contains("day=someday is not a day", refused, StringComparison.Ordinal);
        Assert.Contains($"There is no subscription {id} in this channel", notHere, StringComparison.Ordinal);
        var stored = Assert.Single(await _factory.Services.GetRequiredService<SubscriptionService>().ListAsync(null, CancellationToken.None));
        Assert.Equal((id, DayOfWeek.Tuesday, "08:30", "Europe/Paris"), (stored.Id, stored.Schedule.Day, stored.Schedule.TimeText, stored.Schedule.Zone.Id));
    }

    [Fact]
    public async Task The_reactivate_button_of_a_digest_alert_puts_a_paused_subscription_back_for_managers_only()
    {
        _factory.With("Digests:ManagerUserIds:0", "U0JO");
        await SeedAsync();
        await SubscribeAsync("C0PAUSED01", "U0JO");
        var subscriptions = _factory.Services.GetRequiredService<SubscriptionService>();
        var id = Assert.Single(await subscriptions.ListAsync(null, CancellationToken.None)).Id;
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync())
        {
            await db.DigestSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, DigestStatus.Broken));
        }

        using var client = _factory.CreateClient();
        HttpRequestMessage Press(string user, string hook) => Signed("/slack/interactions", Form(("payload", JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = user, team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            channel = new { id = "D0DM000001" },
            container = new { type = "message", channel_id = "D0DM000001" },
            response_url = HookUrl(hook),
            actions = new[] { new { type = "button", action_id = SlackDigestAlert.ReactivateAction, block_id = "b1", value = id.ToString(CultureInfo.InvariantCulture) } },
        }))), "application/x-www-form-urlencoded");

        using var byOther = await client.SendAsync(Press(PlainUser, "by-other"));
        var refused = await WaitForPostAsync("/hooks/by-other");
        Assert.Equal(DigestStatus.Broken, (await subscriptions.GetAsync(id, CancellationToken.None))!.Status);
        using var byManager = await client.SendAsync(Press("U0JO", "by-manager"));
        var done = await WaitForPostAsync("/hooks/by-manager");

        Assert.Contains("Only digest managers", refused, StringComparison.Ordinal);
        Assert.Contains($"Subscription {id} is active again", done, StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Active, (await subscriptions.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_subscription_made_with_the_command_is_stored_with_the_slack_user_id_of_its_creator()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Command("subscribe score-changes day=mon time=09:00 tz=Europe/Berlin", "sub", channel: "C0DIGEST01"));

        Assert.Contains("Subscribed", await ReplyAsync(response, "sub"), StringComparison.Ordinal);
        var stored = Assert.Single(await _factory.Services.GetRequiredService<SubscriptionService>().ListAsync(null, CancellationToken.None));
        Assert.Equal(PlainUser, stored.CreatedBy); // failure alerts DM this user
    }

    private static HttpRequestMessage Suggestion(string actionId, string value, string secret = Secret) =>
        Signed("/slack/options", Form(("payload", JsonSerializer.Serialize(new
        {
            type = "block_suggestion",
            action_id = actionId,
            block_id = "b1",
            value,
            user = new { id = PlainUser, team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            container = new { type = "view", view_id = "V0HOME" },
        }))), "application/x-www-form-urlencoded", secret: secret);

    [Fact]
    public async Task The_account_typeahead_answers_matching_accounts_as_options()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(Suggestion("home_lookup", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var options = json.RootElement.GetProperty("options").EnumerateArray()
            .Select(o => (o.GetProperty("value").GetString(), o.GetProperty("text").GetProperty("text").GetString())).ToList();
        Assert.Equal([("A-1", "Acme Corp · A-1"), ("A-2", "Acme Labs · A-2")], options.Order());
    }

    [Fact]
    public async Task The_typeahead_answers_no_options_for_other_selects_or_a_one_letter_query_and_401_when_forged()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();

        using var other = await client.SendAsync(Suggestion("something_else", "acme"));
        using var short_ = await client.SendAsync(Suggestion("home_lookup", "a"));
        using var forged = await client.SendAsync(Suggestion("home_lookup", "acme", secret: "wrong-secret"));

        Assert.Empty(JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("options").EnumerateArray());
        Assert.Empty(JsonDocument.Parse(await short_.Content.ReadAsStringAsync()).RootElement.GetProperty("options").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task An_account_picked_in_the_home_typeahead_comes_as_a_card_in_the_apps_dm_with_arr_for_an_arr_viewer()
    {
        await SeedAsync();
        using var client = _factory.CreateClient();
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = ArrUser, team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            container = new { type = "view", view_id = "V0HOME" },
            actions = new[] { new { type = "external_select", action_id = "home_lookup", block_id = "b1", selected_option = new { text = new { type = "plain_text", text = "Acme Corp · A-1" }, value = "A-1" } } },
        });

        using var response = await client.SendAsync(Signed("/slack/interactions", Form(("payload", payload)), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WaitForPostAsync("/api/chat.postMessage");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(ArrUser, json.RootElement.GetProperty("channel").GetString());
        Assert.Contains("Acme Corp", body, StringComparison.Ordinal);
        Assert.Contains("300,000", body, StringComparison.Ordinal);
    }
}

public sealed class SlackConfigurationTests
{
    [Fact]
    public async Task Without_slack_settings_the_endpoints_are_not_there()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();
        using var content = new StringContent("command=%2Fadoption", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync("/slack/commands", content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void A_half_configuration_stops_the_host_naming_the_missing_key()
    {
        using var factory = new PlatformBotFactory().With("Slack:BotToken", "xoxb-test-token");

        var error = Record.Exception(() => factory.CreateClient().Dispose());

        Assert.NotNull(error);
        Assert.Contains("Slack:SigningSecret is missing", error.ToString(), StringComparison.Ordinal);
    }
}
