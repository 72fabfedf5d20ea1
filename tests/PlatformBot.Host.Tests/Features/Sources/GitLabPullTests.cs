using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Host.Features.Sources;
using PlatformBot.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using static PlatformBot.Host.Tests.Features.Sources.ServicePingStore;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>
/// The pull against WireMock playing GitLab instances, one per path prefix: real-shaped payloads and each fault
/// (401, timeout, empty payload, bad JSON, 429 with Retry-After, TLS). One failing never stops the others.
/// </summary>
public sealed class GitLabPullTests : IDisposable
{
    private const string Api = "/api/v4/usage_data/service_ping";
    private const string Token = "glpat-SECRET-token-do-not-log-0001";
    private readonly WireMockServer _gitlab = WireMockServer.Start();
    private readonly LogCapture _logs = new();
    private readonly List<PlatformBotFactory> _factories = [];

    public void Dispose()
    {
        _gitlab.Stop();
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
    }

    private PlatformBotFactory Host(string[] instances, string? baseUrl = null)
    {
        var factory = new GitLabPullFactory(_logs)
            .With("Sources:GitLab:Timeout", "00:00:15") // generous: the test machine may be busy
            .With("Sources:GitLab:RetryDelay", "00:00:00.100");
        foreach (var name in instances)
        {
            factory.With($"Sources:GitLab:Instances:{name}:BaseUrl", (baseUrl ?? _gitlab.Url!) + "/" + name)
                .With($"Sources:GitLab:Instances:{name}:Token", Token + name);
        }

        _factories.Add(factory);
        return factory;
    }

    private void Serve(string name, IResponseBuilder response) =>
        _gitlab.Given(Request.Create().WithPath("/" + name + Api).UsingGet().WithHeader("PRIVATE-TOKEN", Token + name)).RespondWith(response);

    private static IResponseBuilder Payload(string fixture) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixture(fixture));

    [Fact]
    public async Task Every_fault_is_reported_by_name_and_recorded_and_never_stops_the_others()
    {
        Serve("good", Payload("gitlab-16.11-ee.json"));
        Serve("unauthorized", Response.Create().WithStatusCode(401).WithBody("""{"message":"401 Unauthorized"}"""));
        Serve("empty", Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(string.Empty));
        Serve("garbled", Response.Create().WithStatusCode(200).WithBody("<html>maintenance</html>"));
        Serve("slow", Payload("gitlab-16.5-ee.json").WithDelay(TimeSpan.FromSeconds(12)));
        var host = Host(["good", "unauthorized", "empty", "garbled", "slow"]).With("Sources:GitLab:Timeout", "00:00:06");
        await SeedSubscriptionsAsync(host.Services);

        var summary = await host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        var byName = summary.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        Assert.True(byName["good"].Succeeded);
        Assert.Equal(4, summary.Failed);
        Assert.Contains("HTTP 401", byName["unauthorized"].Error, StringComparison.Ordinal);
        Assert.Contains("empty", byName["empty"].Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", byName["garbled"].Error, StringComparison.Ordinal);
        Assert.Contains("timed out", byName["slow"].Error, StringComparison.Ordinal);
        Assert.Single(await UsageAsync(host.Services));

        var runs = (await RunsAsync(host.Services)).ToDictionary(r => r.Source, StringComparer.Ordinal);
        Assert.Equal("ok", runs["gitlab:good"].Outcome);
        Assert.Equal("failed", runs["gitlab:unauthorized"].Outcome);
        Assert.Equal("refused", runs["gitlab:empty"].Outcome);
        Assert.Equal("refused", runs["gitlab:garbled"].Outcome);
        Assert.Equal("failed", runs["gitlab:slow"].Outcome);
        Assert.All(runs.Values, r => Assert.Equal("gitlab-pull", r.Kind));

        foreach (var name in new[] { "unauthorized", "empty", "garbled", "slow" })
        {
            var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith($"GitLab instance {name} failed", StringComparison.Ordinal));
            Assert.Null(warning.Exception); // an expected fault: one line, no stack trace
        }
    }

    [Fact]
    public async Task The_token_never_appears_in_any_log_line_or_recorded_error()
    {
        Serve("good", Payload("gitlab-16.11-ee.json"));
        Serve("unauthorized", Response.Create().WithStatusCode(401).WithBody("""{"message":"401 Unauthorized"}"""));
        var host = Host(["good", "unauthorized"]);
        await SeedSubscriptionsAsync(host.Services);

        await host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Trace); // the capture did see the most talkative level
        Assert.Contains(_logs.Entries, e => e.Message.Contains(_gitlab.Url!, StringComparison.Ordinal)); // and the HTTP client's own lines
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("SECRET", StringComparison.Ordinal) || (e.Exception?.ToString().Contains("SECRET", StringComparison.Ordinal) ?? false));
        Assert.DoesNotContain(await RunsAsync(host.Services), r => r.Error?.Contains("SECRET", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_then_imported()
    {
        _gitlab.Given(Request.Create().WithPath("/busy" + Api).UsingGet()).InScenario("busy").WillSetStateTo("retried")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _gitlab.Given(Request.Create().WithPath("/busy" + Api).UsingGet()).InScenario("busy").WhenStateIs("retried")
            .RespondWith(Payload("gitlab-16.9-ee.json"));
        var host = Host(["busy"]);
        await SeedSubscriptionsAsync(host.Services);
        var started = DateTime.UtcNow;

        var summary = await host.Services.GetRequiredService<GitLabPuller>().PullAsync("busy", "test", "test", CancellationToken.None);

        var pulled = Assert.Single(summary.Instances);
        Assert.True(pulled.Succeeded, pulled.Error);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After");
        Assert.Equal(2, _gitlab.LogEntries.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_bound_fails_the_instance_at_once()
    {
        _gitlab.Given(Request.Create().WithPath("/busy" + Api).UsingGet()).RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "3600"));
        var host = Host(["busy"]);
        await SeedSubscriptionsAsync(host.Services);

        var summary = await host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        Assert.Contains("MaxRetryAfter", Assert.Single(summary.Instances).Error, StringComparison.Ordinal);
        Assert.Single(_gitlab.LogEntries);
    }

    [Fact]
    public async Task A_TLS_failure_is_reported_as_one_line()
    {
        // A certificate no system trusts (the Teams tests' own): the pull must refuse the connection, not the test's setup.
        using var https = WireMockServer.Start(new WireMockServerSettings
        {
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = PlatformBot.Teams.Tests.TestSupport.TestCertificate.Localhost },
        });
        https.Given(Request.Create().WithPath("/tls" + Api).UsingGet()).RespondWith(Payload("gitlab-16.11-ee.json"));
        var host = Host(["tls"], baseUrl: https.Url);
        await SeedSubscriptionsAsync(host.Services);

        var summary = await host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        Assert.StartsWith("TLS failed", Assert.Single(summary.Instances).Error, StringComparison.Ordinal);
        Assert.Equal("failed", Assert.Single(await RunsAsync(host.Services)).Outcome);
    }

    [Fact]
    public async Task A_configured_subscription_id_wins_over_the_payloads_license()
    {
        Serve("pinned", Payload("gitlab-16.11-ee.json"));
        var host = Host(["pinned"]).With("Sources:GitLab:Instances:pinned:SubscriptionId", "S-2");
        await SeedSubscriptionsAsync(host.Services);

        await host.Services.GetRequiredService<GitLabPuller>().PullAsync(null, "test", "test", CancellationToken.None);

        Assert.Equal("S-2", Assert.Single(await UsageAsync(host.Services)).Row.SubscriptionId);
    }

    [Fact]
    public async Task An_unknown_instance_name_is_a_one_line_error_listing_the_configured_ones()
    {
        var host = Host(["alpha", "beta"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Services.GetRequiredService<GitLabPuller>().PullAsync("gamma", "test", "test", CancellationToken.None));

        Assert.Contains("configured: alpha, beta", error.Message, StringComparison.Ordinal);
    }
}
