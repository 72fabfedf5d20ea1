using System.Net;
using System.Text.Json;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>GET /api/v1/digests/deliveries refuses a bad query parameter with a 400 that names it.</summary>
public sealed class DeliveriesQueryTests(DeliveriesQueryTests.Fixture host) : IClassFixture<DeliveriesQueryTests.Fixture>
{
    private const string Key = "deliveries-query-key-0123456789";

    /// <summary>One host for every case: the queries read and change nothing.</summary>
    public sealed class Fixture : IDisposable
    {
        public PlatformBotFactory Factory { get; } = new PlatformBotFactory().With("Ingest:ApiKeys:0", Key)
            .With("Api:RateLimit:PermitLimit", "1000"); // every case comes from the same client

        public void Dispose() => Factory.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query)
    {
        using var client = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/digests/deliveries" + query);
        request.Headers.Add("X-Api-Key", Key);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, json.RootElement.Clone());
    }

    [Theory]
    [InlineData("?status=bogus", "status", "one of claimed, sent, partial, skipped, failed, unknown")]
    [InlineData("?status=active", "status", "one of claimed")] // a subscription status, not a delivery's
    [InlineData("?limit=abc", "limit", "a whole number from 1 to 1000")]
    [InlineData("?limit=0", "limit", "a whole number from 1 to 1000")]
    [InlineData("?limit=-5", "limit", "a whole number from 1 to 1000")]
    [InlineData("?limit=1001", "limit", "a whole number from 1 to 1000")]
    [InlineData("?limit=99999999999", "limit", "a whole number from 1 to 1000")]
    [InlineData("?subscription=x1", "subscription", "a subscription id")]
    public async Task An_invalid_parameter_gets_400_naming_it_and_what_it_may_be(string query, string parameter, string expected)
    {
        var (status, body) = await GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Invalid query parameter '{parameter}'", body.GetProperty("title").GetString());
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?status=sent&limit=1")]
    [InlineData("?status=Unknown&limit=1000")]
    [InlineData("?status=&limit=")]
    [InlineData("?subscription=7&status=failed")]
    public async Task Valid_parameters_are_answered(string query)
    {
        var (status, body) = await GetAsync(query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("deliveries").ValueKind);
    }
}
