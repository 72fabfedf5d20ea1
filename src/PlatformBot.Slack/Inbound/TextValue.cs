namespace PlatformBot.Slack;

/// <summary>A text object as received: kept loose so an unknown text type never makes a payload unreadable.</summary>
public sealed record TextValue
{
    public string? Type { get; init; }

    public string? Text { get; init; }
}
