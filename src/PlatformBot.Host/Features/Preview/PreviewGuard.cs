using System.Net;
using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Preview;

/// <summary>
/// Who may use the preview. Fails closed: off = 404; unless Preview:AllowRemote, the connection must come from
/// loopback, the Host header must name loopback (a DNS-rebinding page in the user's browser sends its own host name)
/// and no X-Forwarded-For/Forwarded header may be present (a reverse proxy on the same machine relays the internet
/// from loopback). The JSON endpoints also require Content-Type application/json, which a cross-site form cannot send.
/// </summary>
internal static class PreviewGuard
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<PreviewOptions>>().Value;
        if (!options.IsOn || (!options.AllowRemote && !IsLocal(http)))
        {
            return Results.NotFound();
        }

        if (HttpMethods.IsPost(http.Request.Method) && !http.Request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json");
        }

        return await next(context);
    }

    internal static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return false;
        }

        if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded")
            || http.Request.Headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        var host = http.Request.Host.Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
