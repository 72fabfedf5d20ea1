namespace PlatformBot.Slack;

internal sealed record CompleteUploadResponse(IReadOnlyList<UploadedFile> Files);
