namespace PlatformBot.Slack;

/// <summary>
/// No usable answer from Slack (network failure, timeout, 5xx) and the request is known not to have had an effect:
/// it was never sent, or it was an idempotent read whose retries are used up.
/// </summary>
public class SlackTransportException(string method, string message, Exception? innerException = null)
    : Exception($"Slack {method}: {message}", innerException)
{
    public string Method { get; } = method;
}
