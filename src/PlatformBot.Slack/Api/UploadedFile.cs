namespace PlatformBot.Slack;

/// <summary>A file of a completed upload.</summary>
public sealed record UploadedFile
{
    public required string Id { get; init; }

    public string? Title { get; init; }
}
