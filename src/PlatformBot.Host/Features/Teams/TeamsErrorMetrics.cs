using System.Globalization;
using System.Net;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>Counts every error the Bot Connector answers (the adapter tells, at its one send path) on the host's metrics.</summary>
internal sealed class TeamsErrorMetrics(PlatformBotMetrics metrics) : IConnectorErrorObserver
{
    public void OnError(HttpStatusCode status, string? code) =>
        metrics.PlatformError("teams", code ?? string.Create(CultureInfo.InvariantCulture, $"http_{(int)status}"));
}
