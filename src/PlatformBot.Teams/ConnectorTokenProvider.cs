using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace PlatformBot.Teams;

/// <summary>
/// Outbound Bot Connector tokens (client credentials, scope https://api.botframework.com/.default) from one
/// singleton MSAL confidential client. MSAL's in-memory app token cache serves repeated calls and refreshes
/// before expiry, so every send can simply ask.
/// </summary>
public sealed class ConnectorTokenProvider
{
    private readonly TeamsOptions _options;
    private readonly Lazy<IConfidentialClientApplication> _application;

    public ConnectorTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _application = new Lazy<IConfidentialClientApplication>(() => Build(_options, httpClientFactory));
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured)
        {
            throw new InvalidOperationException("Teams is not configured (Teams:AppId and Teams:AppPassword); no outbound token can be issued.");
        }

        var result = await _application.Value
            .AcquireTokenForClient([_options.Scope])
            .ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }

    private static IConfidentialClientApplication Build(TeamsOptions options, IHttpClientFactory httpClientFactory) =>
        ConfidentialClientApplicationBuilder
            .Create(options.AppId)
            .WithClientSecret(options.AppPassword)
            // validateAuthority:false + no instance discovery: MSAL then talks only to {authority}oauth2/v2.0/token
            // and never to login.microsoftonline.com's discovery endpoint. That keeps sovereign clouds and tests
            // (an https WireMock authority) working; the authority itself comes from our validated options, never
            // from input.
            .WithAuthority(options.GetAuthority().AbsoluteUri, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClientFactory))
            .Build();

    /// <summary>Lets MSAL use our named HttpClient (pooled handlers, test-configurable TLS).</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory httpClientFactory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClientFactory.CreateClient(TeamsHttpClientNames.Msal);
    }
}
