using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Preview;

/// <summary>
/// The preview page in a real browser: the real host listening on a loopback port (Kestrel, not TestServer, so
/// Chromium can reach it), driven through the DevTools protocol. A screenshot of each run is kept in the test
/// output folder (preview-*.png) to look at.
/// </summary>
public sealed class PreviewPageTests : IAsyncLifetime, IDisposable
{
    private readonly PlatformBotFactory _factory = new();
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = new Uri(address);
        await SampleData.SeedAsync(_factory.Services);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private static async Task SaveScreenshotAsync(HeadlessChromium browser, string name)
    {
        var png = await browser.ScreenshotAsync(CancellationToken.None);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, $"preview-{name}.png"), png);
    }

    private static string Text(System.Text.Json.JsonElement value) => value.GetString() ?? string.Empty;

    [ChromiumFact]
    public async Task A_lookup_shows_the_pick_list_and_a_click_replaces_it_with_the_card_laid_out_as_in_slack()
    {
        await using var browser = await HeadlessChromium.StartAsync(CancellationToken.None);
        await browser.NavigateAsync(new Uri(_base, "/preview/?q=acme"), CancellationToken.None);

        // Two Acme accounts: a pick list of buttons, nothing chosen silently.
        await browser.WaitForAsync("document.querySelectorAll('button[data-action-id=\"pick_account\"]').length === 2", CancellationToken.None);
        var choices = await browser.EvaluateAsync("[...document.querySelectorAll('button[data-action-id=\"pick_account\"]')].map(b => b.dataset.value + '=' + b.innerText).join(',')", CancellationToken.None);
        Assert.Equal("A-1=Acme Corp,A-2=Acme Labs", Text(choices));

        await browser.EvaluateAsync("document.querySelector('button[data-value=\"A-1\"]').click()", CancellationToken.None);
        await browser.WaitForAsync("document.querySelector('.block.header') && document.querySelector('.block.header').innerText === 'Acme Corp'", CancellationToken.None);

        // The card replaced the (ephemeral) pick list, and shows what a card must show.
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('button[data-action-id=\"pick_account\"]').length", CancellationToken.None)).GetInt32());
        var card = Text(await browser.EvaluateAsync("document.querySelector('article.message:last-of-type .blocks').innerText", CancellationToken.None));
        Assert.Contains("4 of 4 use cases green", card, StringComparison.Ordinal);
        foreach (var expected in new[] { "SCM", "CI", "CD", "Security", "Owner", "sam@example.com", "CSM", "jo@example.com", "License utilization", "Data as of", "model " })
        {
            Assert.Contains(expected, card, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("300,000", card, StringComparison.Ordinal); // Preview:ShowArr is off by default
        Assert.DoesNotContain("*", card, StringComparison.Ordinal); // mrkdwn was rendered, not shown raw
        var bold = Text(await browser.EvaluateAsync("document.querySelector('article.message:last-of-type .block.section b').innerText", CancellationToken.None));
        Assert.Contains("4 of 4 use cases green", bold, StringComparison.Ordinal);
        var greens = (await browser.EvaluateAsync("document.querySelectorAll('article.message:last-of-type .emoji[title=\":large_green_circle:\"]').length", CancellationToken.None)).GetInt32();
        Assert.Equal(4, greens);
        Assert.Contains("Only visible to you", Text(await browser.EvaluateAsync("document.querySelector('article.message:last-of-type').innerText", CancellationToken.None)), StringComparison.Ordinal);
        await SaveScreenshotAsync(browser, "card");

        // Share in channel: a public copy (no "only visible to you"), saying who shared it, without the share button.
        await browser.EvaluateAsync("document.querySelector('button[data-action-id=\"share_card\"]').click()", CancellationToken.None);
        await browser.WaitForAsync("document.querySelectorAll('article.message[data-response-type=\"in_channel\"]').length === 1", CancellationToken.None);
        var shared = Text(await browser.EvaluateAsync("document.querySelector('article.message[data-response-type=\"in_channel\"]').innerText", CancellationToken.None));
        Assert.Contains("Acme Corp", shared, StringComparison.Ordinal);
        Assert.Contains("Shared by @preview", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("Only visible to you", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("Share in channel", shared, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_select_menu_is_drawn_with_its_options_and_choosing_one_opens_that_card_as_in_slack()
    {
        // eight Quuxworks accounts: five buttons, the other three in a select menu (the control every digest list carries, ADR 0025)
        await using (var db = await _factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PlatformBot.Data.PlatformBotDbContext>>().CreateDbContextAsync())
        {
            for (var i = 1; i <= 8; i++)
            {
                db.Accounts.Add(new PlatformBot.Data.Entities.Account { AccountId = $"G-{i}", Name = $"Quuxworks {i}", NameKey = $"quuxworks {i}", Segment = "smb", Region = "emea" });
            }

            await db.SaveChangesAsync();
        }

        await using var browser = await HeadlessChromium.StartAsync(CancellationToken.None);
        await browser.NavigateAsync(new Uri(_base, "/preview/?q=quuxworks"), CancellationToken.None);
        await browser.WaitForAsync("document.querySelector('select[data-action-id=\"pick_account\"]') !== null", CancellationToken.None);
        var options = Text(await browser.EvaluateAsync(
            "[...document.querySelectorAll('select[data-action-id=\"pick_account\"] option')].filter(o => o.value).map(o => o.value).join(',')", CancellationToken.None));
        Assert.Equal(3, options.Split(',').Length);
        var chosen = options.Split(',')[^1];

        await browser.EvaluateAsync(
            $"(() => {{ const s = document.querySelector('select[data-action-id=\"pick_account\"]'); s.value = '{chosen}'; s.dispatchEvent(new Event('change')); }})()",
            CancellationToken.None);
        await browser.WaitForAsync("document.querySelector('.block.header') !== null", CancellationToken.None);

        Assert.Equal("Quuxworks " + chosen[2..], Text(await browser.EvaluateAsync("document.querySelector('.block.header').innerText", CancellationToken.None)));
        await SaveScreenshotAsync(browser, "select");
    }

    [ChromiumFact]
    public async Task Typed_commands_show_help_explain_and_kpi_replies()
    {
        await using var browser = await HeadlessChromium.StartAsync(CancellationToken.None);
        await browser.NavigateAsync(new Uri(_base, "/preview/"), CancellationToken.None);
        await browser.WaitForAsync("document.body.dataset.state === 'idle'", CancellationToken.None);

        async Task<string> TypeAsync(string command, int replies)
        {
            await browser.EvaluateAsync(
                $"(() => {{ const i = document.getElementById('command'); i.value = {System.Text.Json.JsonSerializer.Serialize(command)}; document.getElementById('send').click(); }})()",
                CancellationToken.None);
            await browser.WaitForAsync($"document.querySelectorAll('article.message.bot').length === {replies} && document.body.dataset.state === 'idle'", CancellationToken.None);
            return Text(await browser.EvaluateAsync("document.querySelector('article.message.bot:last-of-type .blocks').innerText", CancellationToken.None));
        }

        var help = await TypeAsync("", 1);
        Assert.Contains("/adoption commands", help, StringComparison.Ordinal);
        Assert.Contains("/adoption explain <use case>", help, StringComparison.Ordinal); // &lt; &gt; decoded, not shown as entities

        var explain = await TypeAsync("explain ci", 2);
        Assert.Contains("How it turns green", explain, StringComparison.Ordinal);

        var kpi = await TypeAsync("kpi", 3);
        Assert.Contains("ARR by adoption level", kpi, StringComparison.Ordinal);
        Assert.Contains("level 3+", kpi, StringComparison.Ordinal);

        var unknown = await TypeAsync("zzqxv", 4); // an unknown sub-command gets help, not an error
        Assert.Contains("\"zzqxv\" is neither an account nor a command", unknown, StringComparison.Ordinal);
        Assert.Contains("/adoption commands", unknown, StringComparison.Ordinal);
        await SaveScreenshotAsync(browser, "commands");
    }
}
