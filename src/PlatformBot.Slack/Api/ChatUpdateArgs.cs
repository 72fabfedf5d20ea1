namespace PlatformBot.Slack;

internal sealed record ChatUpdateArgs(string Channel, string Ts)
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }
}
