using System.Net;

namespace PlatformBot.Teams;

/// <summary>
/// Told of every error the Bot Connector answers, at the one place <see cref="ConnectorClient"/> turns it into a
/// <see cref="ConnectorException"/> (after its retries). The host counts them (its metrics). Must not throw.
/// </summary>
public interface IConnectorErrorObserver
{
    /// <param name="code">The connector's error code (ConversationBlockedByUser, BadArgument...), or null when it gave none.</param>
    void OnError(HttpStatusCode status, string? code);
}
