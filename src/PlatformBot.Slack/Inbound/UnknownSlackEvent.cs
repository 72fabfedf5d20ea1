namespace PlatformBot.Slack;

/// <summary>An event type this adapter does not model; read <see cref="SlackEvent.Raw"/>.</summary>
public sealed record UnknownSlackEvent : SlackEvent;
