namespace PlatformBot.Slack;

/// <summary>
/// Slack answered and said no: <c>ok:false</c> with an error code (e.g. <c>channel_not_found</c>), or an HTTP error
/// status. <see cref="Messages"/> holds response_metadata.messages, where Slack explains e.g. which block is invalid.
/// </summary>
public class SlackApiException(
    string method,
    string error,
    IReadOnlyList<string>? messages = null,
    int? httpStatusCode = null,
    string? message = null,
    Exception? innerException = null)
    : Exception(message ?? Describe(method, error, messages), innerException)
{
    /// <summary>The Web API method (e.g. <c>chat.postMessage</c>) or operation (e.g. <c>response_url</c>).</summary>
    public string Method { get; } = method;

    /// <summary>Slack's error code, or <c>http_NNN</c> when only a status was given.</summary>
    public string Error { get; } = error;

    public IReadOnlyList<string> Messages { get; } = messages ?? [];

    public int? HttpStatusCode { get; } = httpStatusCode;

    private static string Describe(string method, string error, IReadOnlyList<string>? messages) =>
        messages is { Count: > 0 }
            ? $"Slack {method} failed: {error} ({string.Join("; ", messages)})"
            : $"Slack {method} failed: {error}";
}

/// <summary>
/// Slack kept answering HTTP 429, or asked for a wait longer than SlackOptions.MaxRetryAfter. Nothing was done;
/// the caller may try again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class SlackRateLimitedException(string method, TimeSpan retryAfter)
    : SlackApiException(method, "ratelimited", httpStatusCode: 429, message: $"Slack {method} is rate limited; retry after {retryAfter.TotalSeconds:0.#} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// No usable answer from Slack (network failure, timeout, 5xx) and the request is known not to have had an effect:
/// it was never sent, or it was an idempotent read whose retries are used up.
/// </summary>
public class SlackTransportException(string method, string message, Exception? innerException = null)
    : Exception($"Slack {method}: {message}", innerException)
{
    public string Method { get; } = method;
}

/// <summary>
/// A non-idempotent call (chat.postMessage, chat.postEphemeral, chat.update, views.publish, the file upload,
/// a response_url post) got no clear answer: Slack may or may not have acted. It is deliberately not retried
/// (a retry could post twice); the caller decides, e.g. by looking at the channel.
/// </summary>
public sealed class SlackOutcomeUnknownException(string method, string message, Exception? innerException = null)
    : SlackTransportException(method, $"outcome unknown, not retried: {message}", innerException);

/// <summary>
/// A response_url or upload_url pointed somewhere other than https://*.slack.com (or a configured test origin).
/// Refused before any request is made, so a forged payload cannot make the bot send data elsewhere.
/// </summary>
public sealed class SlackUrlNotAllowedException(Uri url)
    : Exception($"Refusing to send to {url?.GetLeftPart(UriPartial.Authority)}: only https://*.slack.com and configured origins are allowed")
{
    // Only the host: the path of a response_url is itself a credential.
    public string? Host { get; } = url?.Host;
}
