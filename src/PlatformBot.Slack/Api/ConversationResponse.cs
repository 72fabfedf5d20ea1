namespace PlatformBot.Slack;

internal sealed record ConversationResponse(SlackConversation Channel);
