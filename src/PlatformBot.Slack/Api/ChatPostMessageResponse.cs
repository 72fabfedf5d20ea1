namespace PlatformBot.Slack;

internal sealed record ChatPostMessageResponse(string Channel, string Ts);
