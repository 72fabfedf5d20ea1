namespace PlatformBot.Slack;

/// <summary>Where a posted or updated message lives: keep both to update it later with chat.update.</summary>
public sealed record PostedMessage(string Channel, string Ts);
