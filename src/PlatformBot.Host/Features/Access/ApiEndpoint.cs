namespace PlatformBot.Host.Features.Access;

/// <summary>
/// Endpoint metadata on every route mapped under <see cref="AccessSetup.MapApi"/>: it went through the API-key filter
/// and the per-client rate limit. Tests list the host's /api routes and require it on each.
/// </summary>
public sealed class ApiEndpoint
{
    public static ApiEndpoint Instance { get; } = new();

    private ApiEndpoint()
    {
    }
}
