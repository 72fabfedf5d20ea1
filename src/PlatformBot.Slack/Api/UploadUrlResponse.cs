namespace PlatformBot.Slack;

internal sealed record UploadUrlResponse(Uri UploadUrl, string FileId);
