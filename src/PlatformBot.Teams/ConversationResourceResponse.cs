using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>Answer to create-conversation: the conversation (for channel posts: thread) id and the first activity id.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);
