using System.Diagnostics;

namespace PlatformBot.Host.Features.Telemetry;

/// <summary>
/// What an outbound span may say about its URL. A Slack response_url or upload URL is itself the credential, so a
/// request without an Authorization header keeps only its origin; a request authenticated by its header (the Slack
/// Web API, the Bot Connector) keeps its path, which names the method or conversation. Queries are never kept.
/// </summary>
internal static class OutboundUrl
{
    public static void Redact(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return;
        }

        var shown = request.Headers.Authorization is null
            ? uri.GetLeftPart(UriPartial.Authority) + "/"
            : uri.GetLeftPart(UriPartial.Path);
        activity.SetTag("url.full", shown);
    }
}
