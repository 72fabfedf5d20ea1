using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Sources;
using PlatformBot.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static PlatformBot.Host.Tests.Features.Sources.ServicePingStore;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>
/// /readyz's sources check on the real host (its registered health checks, the real store) and the pull-failure
/// metric, with WireMock playing two GitLab instances.
/// </summary>
public sealed class SourceFreshnessTests : IDisposable
{
    private const string Api = "/api/v4/usage_data/service_ping";
    private readonly WireMockServer _gitlab = WireMockServer.Start();
    private readonly PlatformBotFactory _host;

    public SourceFreshnessTests()
    {
        _host = new GitLabPullFactory(new LogCapture()).With("Sources:GitLab:RetryDelay", "00:00:00.100");
        foreach (var name in new[] { "good", "down" })
        {
            _host.With($"Sources:GitLab:Instances:{name}:BaseUrl", _gitlab.Url + "/" + name).With($"Sources:GitLab:Instances:{name}:Token", "glpat-test-" + name);
        }

        _gitlab.Given(Request.Create().WithPath("/good" + Api).UsingGet()).RespondWith(
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixture("gitlab-16.11-ee.json")));
        _gitlab.Given(Request.Create().WithPath("/down" + Api).UsingGet()).RespondWith(Response.Create().WithStatusCode(401));
    }

    public void Dispose()
    {
        _host.Dispose();
        _gitlab.Stop();
    }

    private async Task<HealthReportEntry> SourcesCheckAsync()
    {
        var report = await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "sources");
        return report.Entries["sources"];
    }

    [Fact]
    public async Task A_scheduled_instance_that_never_succeeded_or_last_succeeded_more_than_two_periods_ago_is_reported_degraded_by_name()
    {
        await SeedSubscriptionsAsync(_host.Services);

        var before = await SourcesCheckAsync();
        Assert.Equal(HealthStatus.Degraded, before.Status);
        Assert.Contains("gitlab:good never succeeded", before.Description, StringComparison.Ordinal);
        Assert.Contains("gitlab:down never succeeded", before.Description, StringComparison.Ordinal);

        await _host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        var after = await SourcesCheckAsync();
        Assert.Equal(HealthStatus.Degraded, after.Status);
        Assert.DoesNotContain("gitlab:good", after.Description, StringComparison.Ordinal);
        Assert.Contains("gitlab:down never succeeded", after.Description, StringComparison.Ordinal);

        // The weekly default schedule allows two weeks: a success 13 days ago is fresh, one 15 days ago is stale.
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            db.SourceRuns.Add(Run("gitlab:down", now.AddDays(-13)));
            await db.SaveChangesAsync();
            Assert.Equal(HealthStatus.Healthy, (await SourcesCheckAsync()).Status);

            await db.SourceRuns.Where(r => r.Source == "gitlab:good").ExecuteUpdateAsync(u => u.SetProperty(r => r.FinishedAtUtc, now.AddDays(-15)));
        }

        var stale = await SourcesCheckAsync();
        Assert.Equal(HealthStatus.Degraded, stale.Status);
        Assert.Contains("gitlab:good last succeeded", stale.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("gitlab:down", stale.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_failed_pull_of_an_instance_is_counted_by_source_and_reason()
    {
        await SeedSubscriptionsAsync(_host.Services);
        using var recorder = new MeterRecorder(_host.Services, "platformbot.source.failures");

        await _host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        var failure = Assert.Single(recorder.Measurements);
        Assert.Equal(1L, failure.Value);
        Assert.Equal("gitlab:down", failure.Tags["source"]);
        Assert.Equal("failed", failure.Tags["reason"]);
    }

    private static SourceRun Run(string source, DateTime finished) => new()
    {
        Source = source,
        Kind = GitLabPuller.Kind,
        StartedAtUtc = finished.AddSeconds(-1),
        FinishedAtUtc = finished,
        Rows = 1,
        Outcome = SourceRunOutcomes.Ok,
    };
}
