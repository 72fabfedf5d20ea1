namespace PlatformBot.Slack;

/// <summary>Where a posted or updated message lives: keep both to update it later with chat.update.</summary>
public sealed record PostedMessage(string Channel, string Ts);

/// <summary>auth.test: who the token belongs to. UserId is the bot's user id (for ignoring our own events).</summary>
public sealed record AuthTestResult
{
    public string? Url { get; init; }

    public string? Team { get; init; }

    public required string TeamId { get; init; }

    public string? User { get; init; }

    public required string UserId { get; init; }

    public string? BotId { get; init; }

    public string? EnterpriseId { get; init; }

    public bool IsEnterpriseInstall { get; init; }
}

public sealed record SlackUser
{
    public required string Id { get; init; }

    public string? TeamId { get; init; }

    public string? Name { get; init; }

    public string? RealName { get; init; }

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }

    /// <summary>IANA time zone, e.g. Europe/Berlin.</summary>
    public string? Tz { get; init; }

    public SlackUserProfile? Profile { get; init; }
}

public sealed record SlackUserProfile
{
    /// <summary>Only with the users:read.email scope.</summary>
    public string? Email { get; init; }

    public string? DisplayName { get; init; }

    public string? RealName { get; init; }
}

public sealed record SlackConversation
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public bool IsChannel { get; init; }

    public bool IsGroup { get; init; }

    public bool IsIm { get; init; }

    public bool IsMpim { get; init; }

    public bool IsPrivate { get; init; }

    public bool IsArchived { get; init; }

    /// <summary>Whether the bot is in it; chat.postMessage to a private channel needs this.</summary>
    public bool IsMember { get; init; }

    /// <summary>For a DM: the other user.</summary>
    public string? User { get; init; }
}

/// <summary>views.publish result: keep Hash for the next publish (optimistic concurrency).</summary>
public sealed record PublishedView(string Id, string? Hash);

/// <summary>Step 1 of the external upload: where to send the bytes and the file id to complete.</summary>
public sealed record FileUploadTicket(Uri UploadUrl, string FileId);

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

/// <summary>A file of a completed upload.</summary>
public sealed record UploadedFile
{
    public required string Id { get; init; }

    public string? Title { get; init; }
}

/// <summary>One file of files.completeUploadExternal.</summary>
public sealed record FileReference(string Id, string? Title = null);

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
