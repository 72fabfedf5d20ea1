namespace PlatformBot.Slack;

/// <summary>
/// Told of every error Slack answers, at the one place the client turns it into <see cref="SlackApiException"/>
/// (and of a rate limit the client gave up waiting on). The host counts them (its metrics); the adapter knows no
/// metrics of its own. Must not throw.
/// </summary>
public interface ISlackApiErrorObserver
{
    /// <param name="method">The Web API method (chat.postMessage) or operation (response_url, file upload).</param>
    /// <param name="code">Slack's error code, or http_NNN, invalid_response, ratelimited.</param>
    void OnError(string method, string code);
}
