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

internal sealed record ChatPostEphemeralArgs(string Channel, string User)
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ThreadTs { get; init; }
}

internal sealed record ChatUpdateArgs(string Channel, string Ts)
{
    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }
}

internal sealed record ViewsPublishArgs(string UserId, HomeView View)
{
    public string? Hash { get; init; }
}

internal sealed record CompleteUploadArgs(IReadOnlyList<FileReference> Files)
{
    public string? ChannelId { get; init; }

    public string? InitialComment { get; init; }

    public string? ThreadTs { get; init; }
}

internal sealed record ChatPostMessageResponse(string Channel, string Ts);

internal sealed record ChatPostEphemeralResponse(string MessageTs);

internal sealed record UserResponse(SlackUser User);

internal sealed record ConversationResponse(SlackConversation Channel);

internal sealed record ViewsPublishResponse(ViewsPublishResponse.ViewInfo View)
{
    internal sealed record ViewInfo(string Id, string? Hash);
}

internal sealed record UploadUrlResponse(Uri UploadUrl, string FileId);

internal sealed record CompleteUploadResponse(IReadOnlyList<UploadedFile> Files);
