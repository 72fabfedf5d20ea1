namespace PlatformBot.Slack;

/// <summary>A file to upload and share in one call (all three steps of the external upload).</summary>
public sealed record SlackFileUpload(string FileName, ReadOnlyMemory<byte> Content)
{
    public string? Title { get; init; }

    /// <summary>Image description for screen readers (≤ 1000 chars), sent as Slack's alt_txt.</summary>
    public string? AltText { get; init; }

    /// <summary>Omit to leave the file private to the app.</summary>
    public string? ChannelId { get; init; }

    public string? InitialComment { get; init; }

    public string? ThreadTs { get; init; }
}
