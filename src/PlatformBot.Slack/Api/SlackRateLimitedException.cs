namespace PlatformBot.Slack;

/// <summary>
/// Slack kept answering HTTP 429, or asked for a wait longer than SlackOptions.MaxRetryAfter. Nothing was done;
/// the caller may try again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class SlackRateLimitedException(string method, TimeSpan retryAfter)
    : SlackApiException(method, "ratelimited", httpStatusCode: 429, message: $"Slack {method} is rate limited; retry after {retryAfter.TotalSeconds:0.#} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
