namespace PlatformBot.Slack;

// Request and response shapes of the Web API: internal, the public methods take and return the records above.
internal sealed record ChatPostMessageArgs(string Channel)
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ThreadTs { get; init; }

    public bool? UnfurlLinks { get; init; }

    public bool? UnfurlMedia { get; init; }
}
