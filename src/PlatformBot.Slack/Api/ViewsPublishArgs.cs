namespace PlatformBot.Slack;

internal sealed record ViewsPublishArgs(string UserId, HomeView View)
{
    public string? Hash { get; init; }
}
