using System.Net;

namespace PlatformBot.Teams;

/// <summary>
/// A Bot Connector call that failed for good (after retries where they apply). Carries the HTTP status and the
/// error code/sub-code from the <c>ErrorResponse</c> body, plus the correlation id support asks for.
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorException(
        string message,
        HttpStatusCode statusCode,
        string? errorCode,
        string? subCode = null,
        string? correlationId = null,
        int attempts = 1)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        SubCode = subCode;
        CorrelationId = correlationId;
        Attempts = attempts;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>error.code from the body, e.g. "BadSyntax", "ConversationNotFound", "MessageSizeTooBig".</summary>
    public string? ErrorCode { get; }

    /// <summary>A nested subCode, e.g. "MessageWritesBlocked" when the user blocked or removed the bot.</summary>
    public string? SubCode { get; }

    /// <summary>X-Correlating-OperationId response header, for support cases.</summary>
    public string? CorrelationId { get; }

    public int Attempts { get; }

    /// <summary>The user blocked or uninstalled the bot: stop sending to this conversation.</summary>
    public bool IsConversationBlocked =>
        StatusCode == HttpStatusCode.Forbidden
        && (string.Equals(SubCode, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ErrorCode, "ConversationBlockedByUser", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The conversation will not take the bot's message (blocked, gone, or the bot is not allowed there): an expected
    /// answer, logged at Warning without a stack trace; other errors (400, 5xx after retries) are defects or outages.
    /// </summary>
    public bool IsRefusal => IsConversationBlocked || StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden;
}
