using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Import;

public sealed class IngestEndpointTests : IDisposable
{
    private const string Key = "test-ingest-key-0123456789";
    private readonly PlatformBotFactory _factory = new PlatformBotFactory()
        .With("Ingest:ApiKeys:0", Key)
        .With("Ingest:MaxBodyBytes", "4096");

    public void Dispose() => _factory.Dispose();

    private static HttpRequestMessage Post(string kind, string csv, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/import/{kind}")
        {
            Content = new StringContent(csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv")),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task A_valid_file_with_a_valid_key_is_imported_and_audited()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Post("accounts", SampleData.Accounts));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("rows_read").GetInt64());
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.Accounts.CountAsync());
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("api-key#1", "api", "import", "accounts"), (audit.Actor, audit.Surface, audit.Action, audit.Subject));
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_refused_and_nothing_is_imported()
    {
        using var client = _factory.CreateClient();
        using var missing = await client.SendAsync(Post("accounts", SampleData.Accounts, key: null));
        using var wrong = await client.SendAsync(Post("accounts", SampleData.Accounts, key: "not-the-key-000000000"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task A_bad_file_gets_problem_details_listing_every_error_with_line_and_column()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Post("subscriptions", "subscription_id,account_id,plan,arr\nS-1,A-404,premium,12\nS-2,A-404,premium,x\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        var errors = body.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal(2, errors[0].GetProperty("line").GetInt64());
        Assert.Equal(2, errors[0].GetProperty("column").GetInt32());
        Assert.Contains("'A-404' does not exist", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_body_gets_413_and_nothing_is_imported()
    {
        using var client = _factory.CreateClient();
        var big = new StringBuilder("account_id,name\n");
        for (var i = 0; big.Length < 10_000; i++)
        {
            big.Append("A-").Append(i).Append(",Name ").Append(i).Append('\n');
        }

        using var response = await client.SendAsync(Post("accounts", big.ToString()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task An_unknown_kind_is_404()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Post("invoices", "a,b\n"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_is_refused_when_no_keys_are_configured()
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();
        using var response = await client.SendAsync(Post("accounts", SampleData.Accounts));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
