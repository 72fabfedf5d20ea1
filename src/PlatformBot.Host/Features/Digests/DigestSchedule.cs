using System.Globalization;
using PlatformBot.Data.Entities;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

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
