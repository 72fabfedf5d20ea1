using Microsoft.IdentityModel.Protocols;

namespace PlatformBot.Teams;

/// <summary>
/// Fetches OpenID metadata and JWKS through IHttpClientFactory (so handlers rotate and tests can redirect them),
/// enforcing https unless the options explicitly allow http for tests.
/// </summary>
internal sealed class HttpClientDocumentRetriever(IHttpClientFactory httpClientFactory, bool requireHttps) : IDocumentRetriever
{
    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not an absolute URL.", nameof(address));
        }

        if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Refusing to fetch signing metadata over {uri.Scheme}: {uri}.");
        }

        var client = httpClientFactory.CreateClient(TeamsHttpClientNames.Metadata);
        using var response = await client.GetAsync(uri, cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"Fetching {uri} failed with HTTP {(int)response.StatusCode}.");
        }

        return await response.Content.ReadAsStringAsync(cancel);
    }
}
