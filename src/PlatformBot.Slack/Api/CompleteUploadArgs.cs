namespace PlatformBot.Slack;

internal sealed record CompleteUploadArgs(IReadOnlyList<FileReference> Files)
{
    public string? ChannelId { get; init; }

    public string? InitialComment { get; init; }

    public string? ThreadTs { get; init; }
}
