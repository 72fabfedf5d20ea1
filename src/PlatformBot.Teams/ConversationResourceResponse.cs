namespace PlatformBot.Teams;

/// <summary>Answer to create-conversation: the conversation (for channel posts: thread) id and the first activity id.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);
