namespace PlatformBot.Slack;

internal sealed record ChatPostEphemeralResponse(string MessageTs);
