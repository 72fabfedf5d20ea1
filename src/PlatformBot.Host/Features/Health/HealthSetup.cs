using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlatformBot.Data;
using PlatformBot.Host.Features.Access;

namespace PlatformBot.Host.Features.Health;

/// <summary>
/// Liveness and readiness (docs/operations.md, "Health"). <c>/healthz</c> says the process is up and answers requests:
/// it touches nothing else, so a store outage never gets every node restarted (a restart does not mend a database).
/// <c>/readyz</c> runs every health check tagged <see cref="ReadyTag"/> and answers 503 unless all are healthy or
/// degraded: the store (reachable; no pending migrations), the digest scheduler (started; clustered where the
/// configuration says so) and each configured chat feature (added by that feature's own setup). Per-check details
/// go only to a loopback caller or one presenting a valid API key (the API's own rule, <see cref="ApiKeyFilter"/>).
/// </summary>
/// <remarks>
/// The seam for more readiness: register any <see cref="IHealthCheck"/> with <c>services.AddHealthChecks().AddCheck&lt;T&gt;(name,
/// tags: [HealthSetup.ReadyTag])</c> and /readyz includes it (e.g. a data source that has not succeeded within twice
/// its schedule). Nothing else needs to change.
/// </remarks>
public static class HealthSetup
{
    /// <summary>The tag that puts a health check into /readyz.</summary>
    public const string ReadyTag = "ready";

    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<PlatformBotDbContext>("store", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<StoreMigrationsHealthCheck>("store-migrations", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivenessPath, () => Results.Ok(new { status = "ok" }));
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        });
        return app;
    }

    /// <summary>
    /// Everybody gets the overall status; names, statuses and short descriptions only a loopback caller or a valid API
    /// key. Never an exception or a stack trace: a description is a sentence a check wrote for operators.
    /// </summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var status = report.Status.ToString();
        if (!MaySeeDetails(http))
        {
            return http.Response.WriteAsync(JsonSerializer.Serialize(new { status }, Json));
        }

        var checks = report.Entries.Select(e => new
        {
            name = e.Key,
            status = e.Value.Status.ToString(),
            description = e.Value.Description ?? Fallback(e.Value),
            durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
        });
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { status, checks }, Json));
    }

    private static string Fallback(HealthReportEntry entry) => entry.Status switch
    {
        HealthStatus.Healthy => "ok",
        // EF's DbContext check says only false when it cannot connect; the exception (if any) is logged, not shown.
        _ => entry.Exception is null ? "cannot connect" : "failed (see the host's log)",
    };

    private static bool MaySeeDetails(HttpContext http) =>
        (http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)) || ApiKeyFilter.HasValidKey(http);
}
