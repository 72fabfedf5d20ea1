using System.Diagnostics;

namespace PlatformBot.Host.Features.Telemetry;

/// <summary>
/// The host's own ActivitySource, for work that leaves the request it belongs to (Slack's acknowledged commands run
/// on a background worker): its span carries the request's trace on, so one trace shows the command, its store
/// commands and its outbound call.
/// </summary>
public static class PlatformBotTracing
{
    public const string SourceName = "PlatformBot";

    public static readonly ActivitySource Source = new(SourceName);
}
