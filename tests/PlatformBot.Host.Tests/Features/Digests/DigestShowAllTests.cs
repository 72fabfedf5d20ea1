using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// "Show all" on Slack through the real host: the digest's thread button, clicked in a signed interaction, posts the
/// whole list into the digest's thread with chat.postMessage and thread_ts; ARR amounts only where the channel may
/// see them (ADR 0007, 0025).
/// </summary>
public sealed class DigestShowAllTests : IDisposable
{
    private const string Channel = "CDIGEST001";
    private const string ClickedReply = "1700000000.000900";
    private readonly FakeSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    private async Task<DigestHost> HostAsync(bool arrChannel)
    {
        var host = new DigestHost(_slack);
        host.With("Digests:MaxListedAccounts", "2");
        if (arrChannel)
        {
            host.With("Slack:ArrViewerChannelIds:0", Channel);
        }

        await DigestData.SeedAsync(host);
        return host;
    }

    private static async Task<ButtonElement> ShowAllButtonAsync(DigestHost host, bool showArr)
    {
        var content = await host.Get<DigestPreview>().BuildAsync(DigestKind.ScoreChanges, DigestFilters.None, DigestData.Current, "Europe/Berlin", showArr, CancellationToken.None);
        return SlackDigestRenderer.Render(content).Thread.SelectMany(m => m.Blocks!).OfType<SectionBlock>().Select(s => s.Accessory).OfType<ButtonElement>()
            .Single(b => DigestShowAll.Parse(b.Value)?.List == "up");
    }

    private static HttpRequestMessage Click(ButtonElement button, string? responseUrl = null)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            response_url = responseUrl,
            user = new { id = "U0CLICKER", team_id = "T0TEAM" },
            team = new { id = "T0TEAM" },
            channel = new { id = Channel },
            container = new { type = "message", message_ts = ClickedReply, channel_id = Channel, is_ephemeral = false },
            message = new { ts = ClickedReply, thread_ts = FakeSlack.Ts },
            actions = new[] { new { type = "button", action_id = button.ActionId, block_id = "b1", value = button.Value } },
        });
        var body = "payload=" + Uri.EscapeDataString(payload);
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, ts);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.ComputeSignature("test-signing-secret", ts, bytes));
        return request;
    }

    private async Task<List<JsonElement>> ThreadPostsAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            var posts = _slack.Posts(Channel).Where(p => p.TryGetProperty("thread_ts", out var t) && t.GetString() == FakeSlack.Ts).ToList();
            if (posts.Count > 0)
            {
                return posts;
            }

            await Task.Delay(50);
        }

        return [];
    }

    [Fact]
    public async Task Show_all_posts_the_whole_list_in_the_digests_thread_without_arr_in_a_channel_that_may_not_see_it()
    {
        using var host = await HostAsync(arrChannel: false);
        // "Up" is cut to nothing by the limit of two (Alpha and Bravo come first); its button asks for it whole.
        var button = await ShowAllButtonAsync(host, showArr: false);

        using var client = host.CreateClient();
        using var response = await client.SendAsync(Click(button));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(await ThreadPostsAsync());
        var text = post.GetProperty("blocks").GetRawText();
        Assert.Contains("Up (2)", text, StringComparison.Ordinal);
        Assert.Contains("Golf", text, StringComparison.Ordinal);
        Assert.Contains("Charlie", text, StringComparison.Ordinal);
        Assert.Contains("<@U0CLICKER>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ARR $", text, StringComparison.Ordinal);
        Assert.Contains("ARR amounts are not shown in this channel", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_all_shows_arr_amounts_where_the_channels_rule_allows_them()
    {
        using var host = await HostAsync(arrChannel: true);
        var button = await ShowAllButtonAsync(host, showArr: true);

        using var client = host.CreateClient();
        using var response = await client.SendAsync(Click(button));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Assert.Single(await ThreadPostsAsync()).GetProperty("blocks").GetRawText();
        Assert.Contains("ARR $700K", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_all_clicked_again_or_twice_at_once_posts_the_list_once_and_tells_the_later_clickers_where_it_is()
    {
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/response/1").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("ok"));
        using var host = await HostAsync(arrChannel: false);
        var button = await ShowAllButtonAsync(host, showArr: false);
        var responseUrl = _slack.Url + "/response/1";

        using var client = host.CreateClient();
        var clicks = await Task.WhenAll(client.SendAsync(Click(button, responseUrl)), client.SendAsync(Click(button, responseUrl)));
        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        await ThreadPostsAsync();
        using var again = await client.SendAsync(Click(button, responseUrl));
        for (var i = 0; i < 200 && _slack.Calls("/response/1") < 2; i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300); // a second list would show up here
        Assert.Single(await ThreadPostsAsync());
        var told = _slack.Server.LogEntries.Where(e => e.RequestMessage.Path == "/response/1").Select(e => e.RequestMessage.Body!).ToList();
        Assert.Equal(2, told.Count);
        Assert.All(told, t => Assert.Contains("already in this digest", t, StringComparison.Ordinal));
        foreach (var click in clicks)
        {
            click.Dispose();
        }
    }
}
