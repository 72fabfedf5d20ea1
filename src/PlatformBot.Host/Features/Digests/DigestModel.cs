using System.Globalization;
using System.Text;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Access;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

public enum DigestKind
{
    ScoreChanges,
    ArrKpi,
    AdoptionTrends,
}

public enum DigestPlatform
{
    Slack,
    Teams,
}

public static class DigestKinds
{
    public static readonly IReadOnlyList<DigestKind> All = [DigestKind.ScoreChanges, DigestKind.ArrKpi, DigestKind.AdoptionTrends];

    public static string Text(this DigestKind kind) => kind switch
    {
        DigestKind.ScoreChanges => "score-changes",
        DigestKind.ArrKpi => "arr-kpi",
        _ => "adoption-trends",
    };

    public static string Title(this DigestKind kind) => kind switch
    {
        DigestKind.ScoreChanges => "Platform adoption: score changes",
        DigestKind.ArrKpi => "Platform adoption: share of ARR by level",
        _ => "Platform adoption: trends per use case",
    };

    public static bool TryParse(string? text, out DigestKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "score-changes" or "changes" or "csm":
                kind = DigestKind.ScoreChanges;
                return true;
            case "arr-kpi" or "kpi":
                kind = DigestKind.ArrKpi;
                return true;
            case "adoption-trends" or "trends":
                kind = DigestKind.AdoptionTrends;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>A stored kind; throws when the row holds something this version does not know.</summary>
    public static DigestKind Parse(string text) =>
        TryParse(text, out var kind) ? kind : throw new InvalidOperationException($"Unknown digest kind '{text}'.");

    public static string Text(this DigestPlatform platform) => platform == DigestPlatform.Slack ? "slack" : "teams";

    public static bool TryParsePlatform(string? text, out DigestPlatform platform)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "slack":
                platform = DigestPlatform.Slack;
                return true;
            case "teams" or "msteams":
                platform = DigestPlatform.Teams;
                return true;
            default:
                platform = default;
                return false;
        }
    }
}

/// <summary>Which accounts a digest covers. Null = no restriction. Owner and CSM are e-mail addresses.</summary>
public sealed record DigestFilters(string? Segment = null, string? Region = null, string? Owner = null, string? Csm = null, string? Plan = null, string? UseCase = null)
{
    public static DigestFilters None { get; } = new();

    public bool IsEmpty => this == None;

    public static DigestFilters From(DigestSubscription s) => new(s.Segment, s.Region, s.OwnerEmail, s.CsmEmail, s.Plan, s.UseCase);

    /// <summary>"segment=enterprise region=emea", or "all accounts": every message states its filters.</summary>
    public string Describe()
    {
        var parts = new List<string>(6);
        Add(parts, "segment", Segment);
        Add(parts, "region", Region);
        Add(parts, "owner", Owner);
        Add(parts, "csm", Csm);
        Add(parts, "plan", Plan);
        Add(parts, "usecase", UseCase);
        return parts.Count == 0 ? "all accounts" : string.Join(' ', parts);
    }

    /// <summary>A stable key: subscriptions with equal filters share the filtered account set.</summary>
    public string Key => Describe().ToLowerInvariant();

    private static void Add(List<string> parts, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add(key + "=" + value);
        }
    }
}

/// <summary>
/// A weekly schedule as the user says it (day, local time, IANA zone) and its Quartz cron form. Quartz evaluates
/// the cron in the zone, so 09:00 stays 09:00 across daylight saving changes.
/// </summary>
public sealed record DigestSchedule(DayOfWeek Day, TimeOnly Time, TimeZoneInfo Zone)
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static DigestSchedule From(DigestSubscription s)
    {
        if (!TryParseDay(s.Day, out var day) || !TryParseTime(s.Time, out var time) || !TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out var zone))
        {
            throw new InvalidOperationException($"Subscription {s.Id} has an unreadable schedule ({s.Day} {s.Time} {s.TimeZone}).");
        }

        return new DigestSchedule(day, time, zone);
    }

    public string DayText => DayNames[(int)Day];

    public string TimeText => Time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"0 0 9 ? * MON": second, minute, hour, any day of month, every month, the weekday.</summary>
    public string CronExpressionText => string.Create(CultureInfo.InvariantCulture,
        $"0 {Time.Minute} {Time.Hour} ? * {DayText.ToUpperInvariant()}");

    public CronExpression Cron => new(CronExpressionText, Zone);

    public string Describe() => $"every {CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(Day)} at {TimeText} ({Zone.Id})";

    public DateTimeOffset? NextAfter(DateTimeOffset instant) => Cron.GetNextValidTimeAfter(instant);

    public DateTimeOffset? PreviousBefore(DateTimeOffset instant) => Cron.GetPreviousValidTimeBefore(instant);

    /// <summary>The calendar date of an instant in this schedule's zone: the as-of date of a scheduled digest.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static bool TryParseDay(string? text, out DayOfWeek day)
    {
        var key = text?.Trim().ToLowerInvariant() ?? string.Empty;
        for (var i = 0; i < DayNames.Length; i++)
        {
            var full = CultureInfo.InvariantCulture.DateTimeFormat.GetDayName((DayOfWeek)i).ToLowerInvariant();
            if (key == DayNames[i] || key == full)
            {
                day = (DayOfWeek)i;
                return true;
            }
        }

        day = default;
        return false;
    }

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>ISO week of the as-of date, e.g. "2026-W48": one digest per subscription and period.</summary>
    public static string PeriodKey(DateOnly asOf)
    {
        var date = asOf.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    /// <summary>Monday of the ISO week the date falls in.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}

/// <summary>Where a digest goes: a Slack channel, a Teams channel (new post) or a Teams conversation.</summary>
public sealed record DigestTarget(DigestPlatform Platform, string ChannelId, string? ServiceUrl = null, string? TenantId = null, string? ConversationId = null)
{
    public static DigestTarget From(DigestSubscription s) =>
        new(DigestKinds.TryParsePlatform(s.Platform, out var p) ? p : DigestPlatform.Slack, s.ChannelId, s.ServiceUrl, s.TenantId, s.ConversationId);

    /// <summary>
    /// Who reads a digest posted here, for <see cref="ArrVisibility"/>: everyone in the channel, so only the channel
    /// (and a Teams conversation) counts, never the subscription's creator (ADR 0007).
    /// </summary>
    public ArrAudience Audience() => Platform == DigestPlatform.Slack
        ? ArrAudience.SlackChannel(ChannelId)
        : ArrAudience.TeamsConversation(ChannelId, ConversationId);

    public string Describe()
    {
        var text = new StringBuilder(Platform.Text()).Append(' ').Append(ChannelId);
        if (Platform == DigestPlatform.Teams && ConversationId is { Length: > 0 } conversation && conversation != ChannelId)
        {
            text.Append(" (conversation ").Append(conversation).Append(')');
        }

        return text.ToString();
    }
}

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
