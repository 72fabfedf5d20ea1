using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

/// <summary>A delivery row as the log shows it. A claim older than the timeout is reported as unknown.</summary>
public sealed record DeliveryView(
    long Id, long SubscriptionId, string PeriodKey, DateOnly AsOf, DateOnly? DataDate, string Status, string Source, string ClaimedBy,
    DateTime ClaimedAtUtc, DateTime? CompletedAtUtc, int Attempts, string? MessageId, string? Channel, string? Mode, string? Error)
{
    /// <summary>The status in words: "unknown" always says that nothing will be resent automatically.</summary>
    public string StatusText => Status == DigestStatus.Unknown ? "unknown — not resent" : Status;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Id}  sub {SubscriptionId}  {PeriodKey}  {StatusText}  {Source}  claimed {ClaimedAtUtc:yyyy-MM-dd HH:mm:ss}Z by {ClaimedBy}" +
        $"{(CompletedAtUtc is { } c ? $"  done {c:yyyy-MM-dd HH:mm:ss}Z" : string.Empty)}  attempts {Attempts}" +
        $"{(DataDate is { } d ? $"  data {d:yyyy-MM-dd}" : string.Empty)}{(MessageId is null ? string.Empty : $"  message {Channel}/{MessageId}")}" +
        $"{(Mode is null ? string.Empty : $"  as {Mode}")}{(Error is null ? string.Empty : $"  — {Error}")}");
}
