using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Support;
using static PlatformBot.Host.Tests.Features.Sources.ServicePingStore;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>The built `platformbot` as an operator runs it, on SQLite and (when configured) PostgreSQL.</summary>
public sealed class SourceCommandLineTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task Import_service_ping_imports_the_good_files_refuses_the_bad_one_in_one_line_and_sources_status_shows_the_runs(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await store.OkAsync("import", "accounts", store.Write("accounts.csv", SampleData.Accounts));
        await store.OkAsync("import", "subscriptions", store.Write("subscriptions.csv", SampleData.Subscriptions));
        await store.OkAsync("import", "instance-map", store.Write("map.csv", "instance_id,subscription_id\n6f3c1c7e-1b0f-4a39-9a44-1611ce000005,S-3\n"));
        var good = store.Write("ee.json", Fixture("gitlab-16.11-ee.json"));
        var ce = store.Write("ce.json", Fixture("gitlab-16.11-ce.json"));
        var bad = store.Write("bad.json", Fixture("gitlab-16.5-ee.json").Replace("\"uuid\"", "\"uuid_\"", StringComparison.Ordinal));

        var result = await store.RunAsync("import", "service-ping", good, bad, ce);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ee.json: imported instance 6f3c1c7e-1b0f-4a39-9a44-1611ee000001 as of 2024-05-20", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ce.json: imported instance 6f3c1c7e-1b0f-4a39-9a44-1611ce000005", result.Stdout, StringComparison.Ordinal);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal("error: bad.json: refused, nothing was imported: $.uuid: is missing (every Service Ping payload has it)", error);
        await using (var db = store.Db())
        {
            Assert.Equal(2, await db.UsageRows.CountAsync());
            Assert.Equal(3, await db.SourceRuns.CountAsync());
        }

        var status = await store.OkAsync("sources", "status");
        var line = Assert.Single(status.Stdout.Split('\n'), l => l.StartsWith("service-ping:cli\t", StringComparison.Ordinal));
        Assert.Contains("\tok\t", line, StringComparison.Ordinal); // the last run: ce.json
    }

    [Fact]
    public async Task Pull_gitlab_without_instances_is_a_one_line_error_with_exit_2()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Sqlite);
        await store.OkAsync("migrate");

        var result = await store.RunAsync("pull", "gitlab");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: No GitLab instance is configured", result.Stderr, StringComparison.Ordinal);
    }
}
