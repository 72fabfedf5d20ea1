using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Audit;

namespace PlatformBot.Host.Features.Access;

/// <summary>
/// The one API-key check, on every endpoint under <see cref="AccessSetup.MapApi"/>. Fails closed: no key configured
/// answers 403 to everyone; a missing or wrong X-Api-Key answers 401. Every refusal is audited (surface "api", action
/// "api-key-refused", the path and the caller's address; never the key). The accepted key's number is handed on as
/// <see cref="ApiCaller"/>.
/// </summary>
public static class ApiKeyFilter
{
    public const string Header = "X-Api-Key";

    public const string RefusedAction = "api-key-refused";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var keys = http.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.ApiKeys;
        if (keys.Count == 0)
        {
            await AuditAsync(http, "no Ingest:ApiKeys configured");
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The API is disabled", detail: "No Ingest:ApiKeys are configured on this server.");
        }

        var presented = http.Request.Headers[Header].ToString();
        var number = MatchingKey(keys, presented);
        if (number == 0)
        {
            await AuditAsync(http, presented.Length == 0 ? "no key sent" : "wrong key");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or invalid API key", detail: $"Send a configured key in the {Header} header.");
        }

        http.Features.Set(new ApiCaller(number));
        return await next(context);
    }

    /// <summary>
    /// Whether the request carries a configured key, by the same comparison as the filter; for endpoints outside the API
    /// that show more to a key holder (/readyz's details). Refusals are not audited here: the caller still gets an answer.
    /// </summary>
    public static bool HasValidKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var keys = http.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.ApiKeys;
        return keys.Count > 0 && MatchingKey(keys, http.Request.Headers[Header].ToString()) > 0;
    }

    /// <summary>
    /// The 1-based number of the configured key equal to <paramref name="presented"/>, or 0. Compares SHA-256 digests
    /// with <see cref="CryptographicOperations.FixedTimeEquals"/> against every key, so neither the time taken nor an
    /// early exit tells a caller how long a key is, how much of it matched, or which key it was.
    /// </summary>
    internal static int MatchingKey(IReadOnlyList<string> keys, string presented)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        var match = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])), given);
            match = equal && !string.IsNullOrEmpty(presented) && match == 0 ? i + 1 : match;
        }

        return match;
    }

    private static Task AuditAsync(HttpContext http, string reason) =>
        http.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            $"api:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", "api", RefusedAction, http.Request.Path.Value, reason, http.RequestAborted);
}
