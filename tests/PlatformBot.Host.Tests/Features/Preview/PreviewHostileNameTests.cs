using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Preview;

/// <summary>
/// The preview page's HTML from hostile data, in a real browser: an account named <see cref="HostileText.Name"/> and a
/// query made of it. What the page builds must show the data as text: no link, no mention, no formatting from it.
/// </summary>
public sealed class PreviewHostileNameTests : IAsyncLifetime, IDisposable
{
    private readonly PlatformBotFactory _factory = new();
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        _base = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var imports = _factory.Services.GetRequiredService<ImportService>();
        var accounts = "account_id,name,segment,region,csm,owner\nA-1," + Csv(HostileText.Name) + ",enterprise,emea,jo@example.com,sam@example.com\n";
        foreach (var (kind, csv) in new[] { (ImportKind.Accounts, accounts), (ImportKind.Subscriptions, SampleData.Subscriptions.Split('\n')[0] + "\n" + SampleData.Subscriptions.Split('\n')[1]) })
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var result = await imports.ImportAsync(kind, stream, "test", "test", null, CancellationToken.None);
            Assert.True(result.Succeeded, $"{kind} import failed");
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private static string Csv(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>What the last reply shows, its links and mentions, and the text of every formatted element.</summary>
    private const string ReadReply = """
        (() => {
          const blocks = document.querySelector('article.message.bot:last-of-type .blocks');
          const text = e => e.innerText.replace(/\u200B/g, '');
          return JSON.stringify({
            text: text(blocks),
            links: [...blocks.querySelectorAll('a')].map(a => a.href),
            mentions: [...blocks.querySelectorAll('.mention')].map(text),
            formatted: [...blocks.querySelectorAll('b, i, s, code, pre, blockquote')].map(text),
          });
        })()
        """;

    [ChromiumFact]
    public async Task The_preview_shows_a_hostile_account_name_and_query_as_text()
    {
        await using var browser = await HeadlessChromium.StartAsync(CancellationToken.None);
        foreach (var query in new[] { "A-1", HostileText.Name, "nothing like " + HostileText.Name })
        {
            await browser.NavigateAsync(new Uri(_base, "/preview/?q=" + Uri.EscapeDataString(query)), CancellationToken.None);
            await browser.WaitForAsync("document.querySelectorAll('article.message.bot').length === 1 && document.body.dataset.state === 'idle'", CancellationToken.None);

            using var reply = JsonDocument.Parse((await browser.EvaluateAsync(ReadReply, CancellationToken.None)).GetString()!);
            var root = reply.RootElement;
            var text = root.GetProperty("text").GetString()!;
            Assert.True(text.Contains(HostileText.Name, StringComparison.Ordinal), $"{query}: {text}");
            Assert.Empty(root.GetProperty("links").EnumerateArray());
            Assert.Empty(root.GetProperty("mentions").EnumerateArray());
            foreach (var formatted in root.GetProperty("formatted").EnumerateArray().Select(e => e.GetString()!))
            {
                // Ours may hold the whole name (a bold name); a piece of it formatted on its own came from the data.
                Assert.False(HostileText.Pieces.Any(p => formatted == p.Trim('*', '_', '~', '`')) && !formatted.Contains(HostileText.Name, StringComparison.Ordinal),
                    $"{query}: \"{formatted}\" was formatted");
            }
        }
    }
}
