namespace PlatformBot.Host.Features.Digests;

/// <summary>Subscription statuses and delivery statuses, as stored.</summary>
public static class DigestStatus
{
    public const string Active = "active";
    public const string Broken = "broken";

    public const string Claimed = "claimed";
    public const string Sent = "sent";
    public const string Partial = "partial";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string Unknown = "unknown";
}
