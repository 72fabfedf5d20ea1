using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Host.Tests.Support;
using static PlatformBot.Host.Tests.Features.Sources.ServicePingStore;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>POST /api/v1/import/service-ping on the real host and store, with payloads shaped like GitLab's.</summary>
public sealed class ServicePingImportTests : IDisposable
{
    private const string Key = "test-ingest-key-0123456789";
    private readonly PlatformBotFactory _factory = new PlatformBotFactory()
        .With("Ingest:ApiKeys:0", Key)
        .With("Ingest:MaxBodyBytes", "65536");

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string body, string path = "service-ping", bool gzip = false, string? key = Key)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        HttpContent content;
        if (gzip)
        {
            var packed = new MemoryStream();
            await using (var zip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                await zip.WriteAsync(bytes);
            }

            content = new ByteArrayContent(packed.ToArray());
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(bytes);
        }

        content.Headers.ContentType = new MediaTypeHeaderValue(path == "service-ping" ? "application/json" : "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/import/{path}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await _factory.CreateClient().SendAsync(request);
    }

    private static string Without(string fixture, string key)
    {
        var json = JsonNode.Parse(Fixture(fixture))!.AsObject();
        json.Remove(key);
        return json.ToJsonString();
    }

    private static string With(string fixture, string key, string value)
    {
        var json = JsonNode.Parse(Fixture(fixture))!.AsObject();
        json[key] = value;
        return json.ToJsonString();
    }

    private async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(await UsageAsync(_factory.Services));
        var run = Assert.Single(await RunsAsync(_factory.Services));
        Assert.Equal(("service-ping:api", "refused", 0L), (run.Source, run.Outcome, run.Rows));
        return body.RootElement.Clone();
    }

    [Fact]
    public async Task A_16_11_payload_becomes_one_usage_row_with_the_new_ci_builds_key_and_minus_one_as_unknown()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Fixture("gitlab-16.11-ee.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (row, values) = Assert.Single(await UsageAsync(_factory.Services));
        Assert.Equal(("6f3c1c7e-1b0f-4a39-9a44-1611ee000001", new DateOnly(2024, 5, 20), "S-1"), (row.InstanceId, row.SnapshotDate, row.SubscriptionId));
        Assert.Equal("575", values["billable_users"]);
        Assert.Equal("600", values["licensed_users"]);
        Assert.Equal("470", values["active_users_28d"]);
        Assert.Equal("410", values["git_operation_users_28d"]);
        Assert.Equal("48210", values["ci_builds_28d"]); // counts.count_total_create_ci_build_monthly, not counts_monthly.ci_builds (47990)
        Assert.Equal("73", values["deployment_users_28d"]);
        Assert.Equal("1480", values["deployments_28d"]);
        Assert.Equal("9120", values["ci_internal_pipelines_28d"]);
        Assert.Equal("95", values["secure_scanner_users_28d"]);
        Assert.Equal("0", values["coverage_fuzzing_scans_28d"]);
        Assert.Equal(string.Empty, values["api_fuzzing_scans_28d"]); // -1: a failed metric is unknown, never a number
        var run = Assert.Single(await RunsAsync(_factory.Services));
        Assert.Equal(("service-ping:api", "service-ping", "ok", 1L), (run.Source, run.Kind, run.Outcome, run.Rows));
        // Audited as what it was, a payload, not as a usage file.
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "import").OrderBy(e => e.Id).Select(e => e.Subject).ToListAsync();
        Assert.Equal(["accounts", "subscriptions", "service-ping"], audited);
    }

    [Theory]
    [InlineData("gitlab-16.9-ee.json", "30500", "350", "")] // both keys: the newer one only counts from 16.10; failed_deployments -2 unknown
    [InlineData("gitlab-16.5-ee.json", "21000", "300", "20")] // only counts_monthly.ci_builds
    [InlineData("gitlab-15.1-ee.json", "", "", "10")] // before either CI builds key and before unique_active_users_monthly
    public async Task Older_payloads_take_the_key_of_their_version_and_leave_what_they_lack_unknown(string fixture, string ciBuilds, string activeUsers, string failedDeployments)
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Fixture(fixture));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, values) = Assert.Single(await UsageAsync(_factory.Services));
        Assert.Equal(ciBuilds, values["ci_builds_28d"]);
        Assert.Equal(activeUsers, values["active_users_28d"]);
        Assert.Equal(failedDeployments, values["failed_deployments_28d"]);
        Assert.Equal("575", values["billable_users"]);
    }

    [Fact]
    public async Task A_payload_without_a_license_subscription_takes_it_from_the_imported_instance_map()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var map = await PostAsync("instance_id,subscription_id\n6f3c1c7e-1b0f-4a39-9a44-1611ce000005,S-3\n", path: "instance-map");
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);

        using var response = await PostAsync(Fixture("gitlab-16.11-ce.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("the instance map", body.RootElement.GetProperty("subscription_from").GetString());
        var (row, values) = Assert.Single(await UsageAsync(_factory.Services));
        Assert.Equal("S-3", row.SubscriptionId);
        Assert.Equal(string.Empty, values["billable_users"]); // CE: no license_* keys
        Assert.Equal(string.Empty, values["sast_scans_28d"]); // CE: no secure section
        Assert.Equal("900", values["ci_builds_28d"]);
    }

    [Fact]
    public async Task A_payload_without_a_license_subscription_and_no_mapping_is_refused_naming_the_path()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Fixture("gitlab-16.11-ce.json"));

        var body = await RefusedAsync(response);
        Assert.Equal("$.license_subscription_id", body.GetProperty("path").GetString());
        Assert.Contains("instance-map", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_for_an_unknown_subscription_is_refused_naming_it_as_a_usage_file_would_be()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(With("gitlab-16.11-ee.json", "license_subscription_id", "S-404"));

        var body = await RefusedAsync(response);
        Assert.Equal("$.license_subscription_id", body.GetProperty("path").GetString());
        Assert.Equal("subscription 'S-404' does not exist (import subscriptions first)", body.GetProperty("problem").GetString());
    }

    [Theory]
    [InlineData("uuid", "$.uuid")]
    [InlineData("recorded_at", "$.recorded_at")]
    public async Task A_payload_without_its_identity_is_refused_with_the_json_path_and_nothing_is_written(string key, string path)
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Without("gitlab-16.11-ee.json", key));

        var body = await RefusedAsync(response);
        Assert.Equal(path, body.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_its_position()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync("{\"uuid\": \"x\",\n  \"recorded_at\": oops}");

        var body = await RefusedAsync(response);
        Assert.Contains("not valid JSON (line 2", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_body_is_inflated_and_imported()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Fixture("gitlab-16.5-ee.json"), gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await UsageAsync(_factory.Services));
    }

    [Fact]
    public async Task A_gzip_body_that_inflates_past_the_size_limit_gets_413_and_nothing_is_written()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        // Valid JSON, a few hundred bytes compressed, a megabyte inflated (the limit is 64 KiB).
        var bomb = Fixture("gitlab-16.5-ee.json").Replace("{", "{" + new string(' ', 1 << 20), StringComparison.Ordinal);
        using var response = await PostAsync(bomb, gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await UsageAsync(_factory.Services));
    }

    [Fact]
    public async Task A_missing_key_is_refused_as_on_every_import()
    {
        await SeedSubscriptionsAsync(_factory.Services);
        using var response = await PostAsync(Fixture("gitlab-16.5-ee.json"), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await RunsAsync(_factory.Services));
    }
}
