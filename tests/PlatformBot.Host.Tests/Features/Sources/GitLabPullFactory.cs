using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>The real host with every log line captured, down to Trace (the HTTP client's own lines included).</summary>
internal sealed class GitLabPullFactory(LogCapture logs) : PlatformBotFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace));
        });
    }
}
