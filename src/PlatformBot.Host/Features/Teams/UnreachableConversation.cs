namespace PlatformBot.Host.Features.Teams;

/// <summary>A stored conversation the Bot Connector refused for good (blocked: 403, gone: 404), since when and why.</summary>
public sealed record UnreachableConversation(string ConversationId, DateTime SinceUtc, string Reason);
