using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
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
    public async Task A_multipart_form_upload_gets_415_with_a_hint_to_send_the_raw_csv()
    {
        using var client = _factory.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent(SampleData.Accounts), "file", "accounts.csv" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/accounts") { Content = form };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("curl --data-binary @accounts.csv", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task A_nul_in_a_cell_gets_422_naming_line_and_column_not_a_500()
    {
        using var client = _factory.CreateClient();
        using var response = await client.SendAsync(Post("accounts", "account_id,name\nA-1,Acme\nA-2,Glo\0bex\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, 2), (error.GetProperty("line").GetInt64(), error.GetProperty("column").GetInt32()));
        Assert.Contains("U+0000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// At 20:00 UTC on 2026-11-22 it is already 2026-11-23 in Kiritimati (UTC+14): with that Scoring:TimeZone a usage
    /// snapshot of 2026-11-24 is at most a day ahead, in UTC it is two days ahead.
    /// </summary>
    [Theory]
    [InlineData("Pacific/Kiritimati", true)]
    [InlineData("Etc/UTC", false)]
    public async Task A_usage_snapshot_may_be_dated_at_most_one_day_after_today_in_the_scoring_time_zone(string zone, bool accepted)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero));
        using var factory = new PlatformBotFactory().With("Ingest:ApiKeys:0", Key).With("Scoring:TimeZone", zone);
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        using var client = host.CreateClient();
        foreach (var (kind, csv) in new[] { ("accounts", SampleData.Accounts), ("subscriptions", SampleData.Subscriptions) })
        {
            using var seeded = await client.SendAsync(Post(kind, csv));
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        using var response = await client.SendAsync(Post("usage", "instance_id,subscription_id,snapshot_date,billable_users\ni-1,S-1,2026-11-24,10\n"));

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, response.StatusCode);
        if (!accepted)
        {
            Assert.Contains("'2026-11-24' is more than one day after today (2026-11-22)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
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
