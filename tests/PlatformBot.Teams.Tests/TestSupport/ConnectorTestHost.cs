using System.Collections.Concurrent;
using System.Net.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace PlatformBot.Teams.Tests.TestSupport;

/// <summary>
/// The outbound side against WireMock: an https server playing login.microsoftonline.com (MSAL insists on an https
/// authority) and an http server playing the Bot Connector, allow-listed as a loopback host (with the test-only
/// <see cref="TeamsOptions.AllowHttpServiceUrls"/> switch).
/// </summary>
public sealed class ConnectorTestHost : IDisposable
{
    public const string AccessToken = "connector-token-1";
    public const string TokenPath = "/botframework.com/oauth2/v2.0/token";

    private readonly ServiceProvider _provider;
    private readonly ConcurrentQueue<string> _rawTargets = new();

    public ConnectorTestHost(Action<TeamsOptions>? configure = null)
    {
        Login = WireMockServer.Start(new WireMockServerSettings
        {
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = TestCertificate.Localhost },
        });
        Login.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"{{AccessToken}}"}"""));

        // Kestrel decodes the path WireMock matches on; the raw request target shows what really went over the wire.
        Connector = WireMockServer.Start(new WireMockServerSettings
        {
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                _rawTargets.Enqueue(context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty);
                await next(context);
            }),
        });
        Time = new ImmediateTimeProvider(new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero));

        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddTeamsAdapter(o =>
        {
            o.AppId = BotFrameworkIssuer.AppId;
            o.AppPassword = "client-secret";
            o.AuthorityHost = new Uri(Login.Url!);
            o.AllowedServiceUrlHosts.Add("127.0.0.1");
            o.AllowedServiceUrlHosts.Add("localhost");
            o.AllowHttpServiceUrls = true; // the connector plays over http on loopback
            configure?.Invoke(o);
        });

        // The test certificate is self-signed: MSAL's client trusts exactly that certificate, nothing more.
        services.AddHttpClient(TeamsHttpClientNames.Msal).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = static (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || TestCertificate.IsTrusted(certificate),
        });
        _provider = services.BuildServiceProvider();
    }

    public WireMockServer Login { get; }

    public WireMockServer Connector { get; }

    public ImmediateTimeProvider Time { get; }

    /// <summary>Service URL with a regional path, like https://smba.trafficmanager.net/amer/.</summary>
    public string ServiceUrl => Connector.Url + "/amer/";

    public IServiceProvider Services => _provider;

    /// <summary>Request targets exactly as received by the connector server (path and query, still encoded).</summary>
    public IReadOnlyList<string> RawTargets => [.. _rawTargets];

    public ConnectorClient Client => _provider.GetRequiredService<ConnectorClient>();

    public int TokenRequests => Login.LogEntries.Count(e => e.RequestMessage.Path == TokenPath);

    public void Dispose()
    {
        _provider.Dispose();
        Login.Stop();
        Login.Dispose();
        Connector.Stop();
        Connector.Dispose();
    }
}
