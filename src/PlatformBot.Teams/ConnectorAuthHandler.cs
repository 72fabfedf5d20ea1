using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

/// <summary>
/// Adds the Bot Connector bearer token to outgoing requests, but only for allow-listed service URL hosts. Any other
/// destination is refused before a byte leaves the process (fail closed), whoever built the request.
/// </summary>
public sealed class ConnectorAuthHandler(ConnectorTokenProvider tokenProvider, IOptions<TeamsOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        if (!ServiceUrlAllowList.IsAllowed(uri, options.Value))
        {
            throw ServiceUrlNotAllowedException.For(uri);
        }

        var token = await tokenProvider.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
