namespace PlatformBot.Slack;

/// <summary>Step 1 of the external upload: where to send the bytes and the file id to complete.</summary>
public sealed record FileUploadTicket(Uri UploadUrl, string FileId);
