using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Preview;

/// <summary>The preview's JSON endpoints and its guard, on the real host (TestServer: every request comes from loopback).</summary>
public sealed class PreviewEndpointTests
{
    private static async Task<JsonElement> CommandAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/preview/api/command", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("message").Clone();
    }

    [Fact]
    public async Task A_command_answers_the_same_slack_message_the_bot_would_send_without_arr_by_default()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();
        await SampleData.SeedAsync(factory.Services);

        var message = await CommandAsync(client, "acme corp");

        Assert.Equal("ephemeral", message.GetProperty("response_type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(message.GetProperty("text").GetString()));
        var blocks = message.GetProperty("blocks");
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Contains("4 of 4", blocks.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", blocks.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("*ARR*", blocks.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arr_is_shown_only_when_preview_show_arr_is_on()
    {
        using var factory = new PlatformBotFactory().With("Preview:ShowArr", "true");
        using var client = factory.CreateClient();
        await SampleData.SeedAsync(factory.Services);

        var message = await CommandAsync(client, "acme corp");

        Assert.Contains("300,000", message.GetProperty("blocks").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_preview_lookup_is_audited_as_the_preview_surface()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();
        await SampleData.SeedAsync(factory.Services);

        await CommandAsync(client, "globex");

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var row = await db.AuditEntries.SingleAsync(a => a.Surface == "preview" && a.Subject == "A-3");
        Assert.StartsWith("preview:", row.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pick_button_replaces_the_list_and_share_posts_a_public_copy()
    {
        using var factory = new PlatformBotFactory().With("Preview:ShowArr", "true");
        using var client = factory.CreateClient();
        await SampleData.SeedAsync(factory.Services);

        using var pick = await client.PostAsJsonAsync("/preview/api/action", new { actionId = "pick_account", value = "A-1" });
        using var share = await client.PostAsJsonAsync("/preview/api/action", new { actionId = "share_card", value = "A-1" });

        using var picked = JsonDocument.Parse(await pick.Content.ReadAsStringAsync());
        Assert.True(picked.RootElement.GetProperty("message").GetProperty("replace_original").GetBoolean());
        using var shared = JsonDocument.Parse(await share.Content.ReadAsStringAsync());
        var copy = shared.RootElement.GetProperty("message");
        Assert.Equal("in_channel", copy.GetProperty("response_type").GetString());
        Assert.DoesNotContain("300,000", copy.GetRawText(), StringComparison.Ordinal); // a public copy never has ARR
    }

    [Fact]
    public async Task Bad_requests_get_a_clear_4xx()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();

        using var unknownAction = await client.PostAsJsonAsync("/preview/api/action", new { actionId = "delete_everything", value = "A-1" });
        using var tooLong = await client.PostAsJsonAsync("/preview/api/command", new { text = new string('a', 2_001) });
        using var form = new StringContent("text=acme", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var notJson = await client.PostAsync("/preview/api/command", form);
        using var broken = new StringContent("{\"text\":", Encoding.UTF8, "application/json");
        using var malformed = await client.PostAsync("/preview/api/command", broken);

        Assert.Equal(HttpStatusCode.BadRequest, unknownAction.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.DoesNotContain("   at ", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_self_contained_and_locked_down()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/preview/");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await client.GetAsync("/preview/assets/preview.js");
        using var missing = await client.GetAsync("/preview/assets/other.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase); // nothing from a CDN
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("Host", "platformbot.example.com")] // DNS rebinding: a page of another site resolving to 127.0.0.1
    [InlineData("X-Forwarded-For", "203.0.113.9")] // relayed by a reverse proxy on this machine
    [InlineData("Forwarded", "for=203.0.113.9")]
    public async Task Requests_that_are_not_plainly_local_get_404(string header, string value)
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/preview/");
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.Add(header, value);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_remote_connection_gets_404_unless_allowed()
    {
        using var closed = new RemoteFactory(allowRemote: false);
        using var open = new RemoteFactory(allowRemote: true);

        using var refused = await closed.CreateClient().GetAsync("/preview/");
        using var allowed = await open.CreateClient().GetAsync("/preview/");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_host_serving_slack_outside_development_has_no_preview_unless_enabled()
    {
        using var slack = new PlatformBotFactory().With("Slack:SigningSecret", "secret-0123456789").With("Slack:BotToken", "xoxb-test");
        using var enabled = new PlatformBotFactory().With("Slack:SigningSecret", "secret-0123456789").With("Slack:BotToken", "xoxb-test").With("Preview:Enabled", "true");
        using var disabled = new PlatformBotFactory().With("Preview:Enabled", "false");

        using var off = await slack.CreateClient().GetAsync("/preview/");
        using var on = await enabled.CreateClient().GetAsync("/preview/");
        using var forcedOff = await disabled.CreateClient().GetAsync("/preview/");

        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forcedOff.StatusCode);
    }

    /// <summary>TestServer with every connection coming from a documentation address (not loopback).</summary>
    private sealed class RemoteFactory(bool allowRemote) : PlatformBotFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Preview:AllowRemote", allowRemote ? "true" : "false");
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddressFilter()));
        }
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
