namespace PlatformBot.Host.Features.Access;

/// <summary>
/// The caller <see cref="ApiKeyFilter"/> let in, as a request feature: which configured key it presented (1-based),
/// so an endpoint can audit who acted without ever holding the key.
/// </summary>
public sealed record ApiCaller(int KeyNumber)
{
    /// <summary>The audit actor, e.g. "api-key#1".</summary>
    public string Actor => $"api-key#{KeyNumber}";

    /// <summary>The caller of a request that passed the filter (every endpoint under <see cref="AccessSetup.MapApi"/>).</summary>
    public static ApiCaller Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("No API caller on this request: the endpoint is not mapped under MapApi, so its key was never checked.");
    }
}
