namespace PlatformBot.Teams;

/// <summary>Bot Connector answer to send/reply/update: the id of the message. Null when Teams sent an empty body.</summary>
public sealed record ResourceResponse(string? Id);
