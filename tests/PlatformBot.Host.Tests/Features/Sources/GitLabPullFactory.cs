using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Host.Features.Sources;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>The real host, every log line captured at Trace, and the GitLab client trusting WireMock's test certificate only when asked.</summary>
internal sealed class GitLabPullFactory(LogCapture logs, bool trustAnyCertificate = false) : PlatformBotFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace));
            if (trustAnyCertificate)
            {
                services.AddHttpClient(GitLabPuller.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                });
            }
        });
    }
}
