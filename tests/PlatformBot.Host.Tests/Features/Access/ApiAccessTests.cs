using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Access;

/// <summary>
/// Every /api/v1 endpoint behind the one API-key filter and the per-client rate limit, on the real host and its store.
/// </summary>
public sealed class ApiAccessTests
{
    private const string Key = "api-access-test-key-0123456789";
    private const string WrongKey = "api-access-WRONG-key-987654321";

    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    /// <summary>Every API endpoint with a request that succeeds once the key is right.</summary>
    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/v1/import/accounts" },
        { "GET", "/api/v1/digests/deliveries?status=sent&limit=10" },
    };

    private static HttpRequestMessage Request(string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(SampleData.Accounts, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
        }

        if (key is not null)
        {
            request.Headers.Add(ApiKeyFilter.Header, key);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_api_endpoint_refuses_a_missing_or_wrong_key_with_401_audits_it_without_the_key_and_accepts_the_right_one(StorageProvider provider)
    {
        await using var store = provider == StorageProvider.Postgres ? await CliStore.CreateAsync(provider) : null;
        using var factory = Host(store).With("Ingest:ApiKeys:0", Key);
        using var client = factory.CreateClient();

        foreach (var (method, path) in Endpoints.Select(row => ((string)row[0], (string)row[1])))
        {
            using var missing = await client.SendAsync(Request(method, path, key: null));
            using var wrong = await client.SendAsync(Request(method, path, WrongKey));
            using var right = await client.SendAsync(Request(method, path, Key));

            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
            Assert.True(right.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)right.StatusCode} {await right.Content.ReadAsStringAsync()}");
        }

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var refused = await db.AuditEntries.Where(e => e.Action == ApiKeyFilter.RefusedAction).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [("/api/v1/import/accounts", "no key sent"), ("/api/v1/import/accounts", "wrong key"), ("/api/v1/digests/deliveries", "no key sent"), ("/api/v1/digests/deliveries", "wrong key")],
            refused.Select(e => (e.Subject, e.Detail)));
        Assert.All(refused, e => Assert.Equal(("api", "api:127.0.0.1"), (e.Surface, e.Actor)));
        var everything = string.Join('\n', (await db.AuditEntries.ToListAsync()).Select(e => $"{e.Actor} {e.Surface} {e.Action} {e.Subject} {e.Detail}"));
        Assert.DoesNotContain(WrongKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, everything, StringComparison.Ordinal);
        Assert.Contains("api-key#1 api import accounts", everything, StringComparison.Ordinal); // the accepted key, by number
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task With_no_key_configured_an_api_endpoint_is_refused_with_403_even_for_a_key_and_audited(string method, string path)
    {
        using var factory = new PlatformBotFactory();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(Request(method, path, Key));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal((ApiKeyFilter.RefusedAction, "no Ingest:ApiKeys configured"), (audit.Action, audit.Detail));
    }

    [Fact]
    public async Task A_client_over_the_limit_gets_429_with_retry_after_even_with_a_wrong_key_while_another_client_goes_on()
    {
        using var factory = new ClientAddressFactory()
            .With("Ingest:ApiKeys:0", Key)
            .With("Api:RateLimit:PermitLimit", "2")
            .With("Api:RateLimit:Window", "01:00:00");
        using var client = factory.CreateClient();
        const string path = "/api/v1/digests/deliveries";

        using var first = await client.SendAsync(Request("GET", path, Key));
        using var second = await client.SendAsync(Request("GET", path, WrongKey));
        using var third = await client.SendAsync(Request("GET", path, Key));
        using var guess = await client.SendAsync(Request("POST", "/api/v1/import/accounts", WrongKey));
        using var other = Request("GET", path, Key);
        other.Headers.Add(ClientAddressFactory.Header, "192.0.2.7");
        using var otherClient = await client.SendAsync(other);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, guess.StatusCode); // the limit counts for every /api/v1 route, before the key
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.Equal("Too many requests", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public void Every_api_route_of_the_host_goes_through_the_key_filter_and_the_rate_limit()
    {
        using var factory = new PlatformBotFactory();
        var routes = factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? string.Empty).StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
                && e.RoutePattern.RawText != TeamsSetup.MessagesPath) // Teams' webhook: the Bot Connector's signed token instead
            .ToList();

        // Guards the check: the two API routes this host has are found.
        Assert.Contains(routes, e => e.RoutePattern.RawText == "/api/v1/import/{kind}");
        Assert.Contains(routes, e => e.RoutePattern.RawText == "/api/v1/digests/deliveries");
        var unguarded = routes
            .Where(e => e.Metadata.GetMetadata<ApiEndpoint>() is null
                || e.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName != AccessSetup.RateLimitPolicy)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(unguarded.Count == 0, "API routes not mapped under MapApi: " + string.Join(", ", unguarded));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("api-access-test-key-012345678", false)] // one character short
    [InlineData("api-access-test-key-01234567890", false)] // one character more
    [InlineData("API-ACCESS-TEST-KEY-0123456789", false)]
    [InlineData(Key, true)]
    public void The_key_must_match_exactly(string presented, bool accepted)
    {
        Assert.Equal(accepted ? 2 : 0, ApiKeyFilter.MatchingKey(["another-configured-key-000000", Key], presented));
    }

    private static PlatformBotFactory Host(CliStore? store)
    {
        var factory = new PlatformBotFactory();
        if (store is not null)
        {
            factory.With("Storage:Provider", store.Provider.ToString())
                .With($"ConnectionStrings:{StorageOptions.ConnectionStringName}", store.ConnectionString)
                .With("Digests:Clustered", "false");
        }

        return factory;
    }
}
