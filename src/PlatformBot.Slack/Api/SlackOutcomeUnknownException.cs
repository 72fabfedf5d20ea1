namespace PlatformBot.Slack;

/// <summary>
/// A non-idempotent call (chat.postMessage, chat.postEphemeral, chat.update, views.publish, the file upload,
/// a response_url post) got no clear answer: Slack may or may not have acted. It is deliberately not retried
/// (a retry could post twice); the caller decides, e.g. by looking at the channel.
/// </summary>
public sealed class SlackOutcomeUnknownException(string method, string message, Exception? innerException = null)
    : SlackTransportException(method, $"outcome unknown, not retried: {message}", innerException);
