namespace PlatformBot.Slack;

/// <summary>One file of files.completeUploadExternal.</summary>
public sealed record FileReference(string Id, string? Title = null);
