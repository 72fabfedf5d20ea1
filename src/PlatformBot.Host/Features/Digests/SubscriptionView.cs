using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

public sealed record SubscriptionView(
    long Id,
    DigestTarget Target,
    DigestKind Kind,
    DigestFilters Filters,
    DigestSchedule Schedule,
    string Status,
    string? StatusReason,
    string CreatedBy,
    DateTime CreatedAtUtc,
    bool SkipWhenNoChanges,
    DateTimeOffset? NextRunUtc)
{
    /// <summary>One line for lists: "7  slack C123  score-changes  segment=enterprise  every Monday at 09:00 (Europe/Berlin)  active".</summary>
    public string Describe()
    {
        var status = Status == DigestStatus.Active ? Status : $"{Status}: {StatusReason}";
        var next = NextRunUtc is { } n && Status == DigestStatus.Active
            ? " next " + TimeZoneInfo.ConvertTime(n, Schedule.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Id}  {Target.Describe()}  {Kind.Text()}  {Filters.Describe()}  {Schedule.Describe()}{(SkipWhenNoChanges ? "  skip-when-no-changes" : string.Empty)}  {status}{next}");
    }
}
