namespace PlatformBot.Host.Features.Digests;

/// <summary>What a send did, in words for the CLI and the log.</summary>
public sealed record SendOutcome(string Status, string Message, long? DeliveryId = null, string? MessageId = null)
{
    /// <summary>True when nothing went wrong (sent, skipped, or already delivered by someone else).</summary>
    public bool Succeeded => Status is DigestStatus.Sent or DigestStatus.Skipped or "already-claimed";
}
