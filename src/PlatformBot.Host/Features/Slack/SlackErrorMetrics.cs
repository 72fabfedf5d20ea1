using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>Counts every error Slack answers (the adapter tells, at its one send path) on the host's metrics.</summary>
internal sealed class SlackErrorMetrics(PlatformBotMetrics metrics) : ISlackApiErrorObserver
{
    public void OnError(string method, string code) => metrics.PlatformError("slack", code);
}
