using System.Globalization;
using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Telemetry;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Pulls each configured GitLab instance's Service Ping (GET /api/v4/usage_data/service_ping, PRIVATE-TOKEN) and
/// imports it through <see cref="ServicePingImporter"/>. An instance that fails (401, timeout, TLS, an empty or bad
/// payload) is logged by name as a warning without a stack trace, recorded as a source run and listed in the summary;
/// it never stops the others. The token is only ever a request header: no log line, message or run row holds it.
/// </summary>
public sealed class GitLabPuller(
    IHttpClientFactory clients, IOptions<GitLabOptions> options, IOptions<IngestOptions> ingest, ServicePingImporter importer, SourceRunLog runs,
    PlatformBotMetrics metrics, TimeProvider time, ILogger<GitLabPuller> logger)
{
    public const string HttpClientName = "gitlab";
    public const string Kind = "gitlab-pull";
    public const string ApiPath = "api/v4/usage_data/service_ping";

    public static string SourceName(string instance) => "gitlab:" + instance;

    /// <param name="only">One instance by name (the CLI's --instance), or null for all.</param>
    /// <exception cref="InvalidOperationException">No instance is configured, or none by that name.</exception>
    public async Task<PullSummary> PullAsync(string? only, string actor, string surface, CancellationToken cancellationToken)
    {
        var instances = options.Value.Instances;
        if (instances.Count == 0)
        {
            throw new InvalidOperationException($"No GitLab instance is configured: add {GitLabOptions.Section}:Instances:NAME:BaseUrl and its Token (docs/configuration.md).");
        }

        var chosen = instances.Where(i => only is null || string.Equals(i.Key, only, StringComparison.OrdinalIgnoreCase)).ToList();
        if (chosen.Count == 0)
        {
            throw new InvalidOperationException(
                $"No GitLab instance '{only}' under {GitLabOptions.Section}:Instances; configured: {string.Join(", ", instances.Keys.Order(StringComparer.Ordinal))}.");
        }

        var results = new List<InstancePull>();
        foreach (var (name, settings) in chosen.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            results.Add(await PullOneAsync(name, settings, actor, surface, cancellationToken));
        }

        return new PullSummary(results);
    }

    private async Task<InstancePull> PullOneAsync(string name, GitLabInstanceOptions settings, string actor, string surface, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var configured = string.IsNullOrWhiteSpace(settings.SubscriptionId)
            ? null
            : new SubscriptionChoice(settings.SubscriptionId.Trim(), $"{GitLabOptions.Section}:Instances:{name}:SubscriptionId");
        try
        {
            using var response = await FetchAsync(name, settings, cancellationToken);
            await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), ingest.Value.MaxBodyBytes);
            var imported = await importer.ImportAsync(body, SourceName(name), Kind, actor, surface, configured, cancellationToken);
            logger.LogInformation("GitLab instance {Instance}: imported {Summary}", name, imported.Summary);
            return new InstancePull(name, imported, null);
        }
        catch (Exception ex) when (ServicePingException.IsRefusal(ex))
        {
            // Refused by the import (already recorded as a source run by the importer).
            metrics.SourceFailed(SourceName(name), SourceRunOutcomes.Refused);
            logger.LogWarning("GitLab instance {Instance} failed: its payload was refused, nothing was imported: {Reason}", name, ex.Message);
            return new InstancePull(name, null, "payload refused, nothing imported: " + ex.Message);
        }
        catch (Exception ex) when (Expected(ex, cancellationToken) is { } reason)
        {
            // Every failed fetch of an instance passes here once.
            metrics.SourceFailed(SourceName(name), SourceRunOutcomes.Failed);
            logger.LogWarning("GitLab instance {Instance} failed: {Reason}", name, reason);
            await runs.RecordAsync(SourceName(name), Kind, started, 0, SourceRunOutcomes.Failed, reason, cancellationToken);
            return new InstancePull(name, null, reason);
        }
    }

    /// <summary>A successful response, after retrying 429 and 502-504 (after Retry-After, bounded by MaxRetryAfter).</summary>
    private async Task<HttpResponseMessage> FetchAsync(string name, GitLabInstanceOptions settings, CancellationToken cancellationToken)
    {
        var settingsNow = options.Value;
        var client = clients.CreateClient(HttpClientName);
        client.Timeout = settingsNow.Timeout;
        var url = new Uri(new Uri(settings.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/"), ApiPath);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("PRIVATE-TOKEN", settings.Token);
            request.Headers.Accept.ParseAdd("application/json");
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var status = (int)response.StatusCode;
            var retryable = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
            var wait = RetryAfter(response) ?? settingsNow.RetryDelay * Math.Pow(2, attempt - 1);
            response.Dispose();
            if (!retryable || attempt >= settingsNow.MaxAttempts)
            {
                throw new GitLabPullException(string.Create(CultureInfo.InvariantCulture,
                    $"HTTP {status} {response.ReasonPhrase} from {url.GetLeftPart(UriPartial.Path)}{(attempt > 1 ? $" after {attempt} attempts" : string.Empty)}{Hint(response.StatusCode)}"));
            }

            if (wait > settingsNow.MaxRetryAfter)
            {
                throw new GitLabPullException(string.Create(CultureInfo.InvariantCulture,
                    $"HTTP {status}: asked to retry after {wait.TotalSeconds:0} s, longer than {GitLabOptions.Section}:MaxRetryAfter ({settingsNow.MaxRetryAfter.TotalSeconds:0} s); the next pull tries again"));
            }

            logger.LogInformation("GitLab instance {Instance}: HTTP {Status}, retrying in {Seconds:0.#} s (attempt {Attempt} of {Max})", name, status, wait.TotalSeconds, attempt + 1, settingsNow.MaxAttempts);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => " (the token is wrong, expired or revoked)",
        HttpStatusCode.Forbidden => " (the token lacks the read_service_ping scope, or its user may not read Service Ping)",
        HttpStatusCode.NotFound => " (GitLab older than 16.9 has no Service Ping API; or the BaseUrl is wrong)",
        _ => string.Empty,
    };

    /// <summary>The one-line reason for a fault we expect from a remote instance; null for anything else (a bug: it propagates).</summary>
    private static string? Expected(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        GitLabPullException pull => pull.Message,
        TaskCanceledException when !cancellationToken.IsCancellationRequested => "timed out (" + nameof(GitLabOptions.Timeout) + " in " + GitLabOptions.Section + ")",
        HttpRequestException { InnerException: AuthenticationException tls } => "TLS failed: " + tls.Message,
        HttpRequestException http => "could not connect: " + http.Message,
        IOException io => "the connection broke: " + io.Message,
        _ => null,
    };
}
