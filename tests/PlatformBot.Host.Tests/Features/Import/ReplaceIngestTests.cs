using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Import;

/// <summary>POST /api/v1/import/{kind}?replace=true (and dry_run, allow_large_replace): the CLI's replace over HTTP.</summary>
public sealed class ReplaceIngestTests : IDisposable
{
    private const string Key = "test-ingest-key-0123456789";
    private readonly PlatformBotFactory _factory = new PlatformBotFactory().With("Ingest:ApiKeys:0", Key);

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string csv, string? key = Key)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv")) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private async Task<List<string>> ArchivedAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        return await db.Accounts.Where(a => a.ArchivedAtUtc != null).Select(a => a.AccountId).OrderBy(a => a).ToListAsync();
    }

    [Fact]
    public async Task A_replace_over_http_lists_what_it_archived_a_dry_run_writes_nothing_and_a_replace_of_everything_needs_allow_large_replace()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/import/accounts", SampleData.Accounts)).Status);
        const string twoOfThree = "account_id,name\nA-1,Acme Corp\nA-2,Acme Labs\n";

        var (dryStatus, dry) = await PostAsync("/api/v1/import/accounts?replace=true&dry_run=true", twoOfThree);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.Equal(0, dry.GetProperty("rows_written").GetInt64());
        var wouldArchive = dry.GetProperty("replace");
        Assert.Equal("archived", wouldArchive.GetProperty("action").GetString());
        Assert.Equal(1, wouldArchive.GetProperty("count").GetInt64());
        Assert.Equal(3, wouldArchive.GetProperty("active_before").GetInt64());
        Assert.Equal(["A-3"], wouldArchive.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Empty(await ArchivedAsync());

        var (status, body) = await PostAsync("/api/v1/import/accounts?replace=true", twoOfThree);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("dry_run").GetBoolean());
        Assert.Equal(["A-3"], body.GetProperty("replace").GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["A-3"], await ArchivedAsync());

        // Only the header: every active account would go. Refused with 409, nothing written, the list still given.
        var (refusedStatus, refused) = await PostAsync("/api/v1/import/accounts?replace=true", "account_id,name\n");
        Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
        Assert.Contains("allow_large_replace=true", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.GetProperty("replace").GetProperty("everything").GetBoolean());
        Assert.Equal(["A-1", "A-2"], refused.GetProperty("replace").GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["A-3"], await ArchivedAsync());

        var (allowedStatus, _) = await PostAsync("/api/v1/import/accounts?replace=true&allow_large_replace=true", "account_id,name\n");
        Assert.Equal(HttpStatusCode.OK, allowedStatus);
        Assert.Equal(["A-1", "A-2", "A-3"], await ArchivedAsync());

        var (usageStatus, _) = await PostAsync("/api/v1/import/usage?replace=true", "instance_id,subscription_id,snapshot_date\n");
        Assert.Equal(HttpStatusCode.BadRequest, usageStatus);

        // The same key rules as any import: no key, no replace.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/import/accounts?replace=true", SampleData.Accounts, key: null)).Status);
        Assert.Equal(["A-1", "A-2", "A-3"], await ArchivedAsync());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var audited = await db.AuditEntries.Where(e => e.Action == "import").OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync();
        Assert.Contains("2 rows, dry run (nothing written); replace would have archived 1 of 3 active", audited);
        Assert.Contains("0 rows; replace refused (would have archived 2 of 2 active), nothing written", audited);
    }
}
