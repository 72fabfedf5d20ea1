using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Access;

/// <summary>
/// Who may see what (ADR 0018): the one ARR visibility rule (<see cref="ArrVisibility"/>), and the one gate in front
/// of the operator API: every route under <c>/api/v1</c> is mapped through <see cref="MapApi"/>, which applies the
/// API-key filter and a per-client fixed-window rate limit.
/// </summary>
public static class AccessSetup
{
    public const string ApiPrefix = "/api/v1";

    public const string RateLimitPolicy = "api";

    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ArrVisibilityOptions>().Configure(o => ArrVisibilityOptions.Bind(o, configuration));
        services.AddSingleton<ArrVisibility>();

        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section))
            .Validate(o => o.ApiKeys.All(k => k.Length >= ApiKeyOptions.MinimumLength), $"Ingest:ApiKeys entries must be at least {ApiKeyOptions.MinimumLength} characters long.")
            .ValidateOnStart();
        services.AddOptions<ApiRateLimitOptions>().Bind(configuration.GetSection(ApiRateLimitOptions.Section))
            .Validate(o => o.PermitLimit > 0, "Api:RateLimit:PermitLimit must be positive.")
            .Validate(o => o.Window > TimeSpan.Zero, "Api:RateLimit:Window must be positive (e.g. 00:01:00).")
            .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(RateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(Client(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = limit.Window,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>
    /// The <c>/api/v1</c> route group: the API-key filter, then the endpoint. The rate limit runs before the filter (in
    /// the rate-limiting middleware), so guessing keys is limited too. Map every API endpoint on this group.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiPrefix)
            .AddEndpointFilter(ApiKeyFilter.FilterAsync)
            .RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(ApiEndpoint.Instance);
        return api;
    }

    /// <summary>The client a limit counts for: its remote address (behind a proxy, configure forwarded headers first).</summary>
    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessSetup))
            .LogWarning("API rate limit: {Client} exceeded {Permits} requests per {Window} on {Path}", Client(http), limit.PermitLimit, limit.Window, http.Request.Path.Value);
        await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: string.Create(CultureInfo.InvariantCulture, $"At most {limit.PermitLimit} API requests per {limit.Window} per client; retry after {seconds} s."))
            .ExecuteAsync(http);
    }
}
