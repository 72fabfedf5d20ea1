namespace PlatformBot.Slack;

internal sealed record UserResponse(SlackUser User);
