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

    /// <summary>An expected refusal (the channel is archived, the person left): Warning, not Error (<see cref="SlackRefusals"/>).</summary>
    public bool IsRefusal => SlackRefusals.IsExpected(Error);

    private static string Describe(string method, string error, IReadOnlyList<string>? messages) =>
        messages is { Count: > 0 }
            ? $"Slack {method} failed: {error} ({string.Join("; ", messages)})"
            : $"Slack {method} failed: {error}";
}
