using Microsoft.Extensions.Logging;

namespace PlatformBot.Slack;

/// <summary>
/// Where an answer from Slack becomes a <see cref="SlackApiException"/>: the one place its log level is decided
/// (Warning for an expected refusal, <see cref="SlackRefusals"/>; Error for anything else; never a stack trace, since
/// the code and Slack's messages say all there is) and where observers (the host's metrics) hear of it.
/// </summary>
internal sealed class SlackErrorReport(ILogger logger, IEnumerable<ISlackApiErrorObserver> observers)
{
    private readonly ISlackApiErrorObserver[] _observers = [.. observers];

    public SlackApiException Refused(string method, string error, IReadOnlyList<string>? messages, int? httpStatusCode, string? message = null, Exception? innerException = null)
    {
        if (SlackRefusals.IsExpected(error))
        {
            logger.LogWarning("Slack {Method} refused: {Error} (HTTP {Status})", method, error, httpStatusCode);
        }
        else
        {
            logger.LogError("Slack {Method} failed: {Error} (HTTP {Status}) {Messages}", method, error, httpStatusCode, messages ?? []);
        }

        Observe(method, error);
        return new SlackApiException(method, error, messages, httpStatusCode, message, innerException);
    }

    public void Observe(string method, string error)
    {
        foreach (var observer in _observers)
        {
            observer.OnError(method, error);
        }
    }
}
