using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Bound from the "Digests" section; validated at start-up.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Time zone of a new subscription that names none (IANA id).</summary>
    public string DefaultTimeZone { get; set; } = "Etc/UTC";

    /// <summary>Default day of a new subscription (mon..sun).</summary>
    public string DefaultDay { get; set; } = "mon";

    /// <summary>Default local time of a new subscription (HH:mm).</summary>
    public string DefaultTime { get; set; } = "09:00";

    /// <summary>Slack or Teams user ids that may add and remove subscriptions from chat. Empty = anyone.</summary>
    public List<string> ManagerUserIds { get; set; } = [];

    /// <summary>
    /// Server databases only: run the scheduler clustered on Quartz's ADO.NET job store (tables created by our
    /// migrations). Null = true on SQL Server and PostgreSQL. SQLite is never clustered (Quartz refuses); it uses
    /// the in-memory store and the start-up catch-up check.
    /// </summary>
    public bool? Clustered { get; set; }

    /// <summary>False turns the scheduler off in this process (the CLI and the delivery log still work).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler re-reads subscriptions (changes made elsewhere, e.g. by the CLI).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How late a trigger may fire before Quartz treats it as misfired (then it fires once, at once: FireAndProceed).
    /// Matters on the clustered store, where a trigger due while no node ran is picked up by the first node back.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A digest missed while the host was down goes out on start if its time is at most this long ago.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// A claim older than this without completion means the sender died mid-send: it is reported as "unknown — not
    /// resent" (it may or may not have posted) and never sent again automatically.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts per message for failures known to have posted nothing (429 beyond the adapter's own retries, connection failures).</summary>
    public int SendAttempts { get; set; } = 3;

    /// <summary>First back-off between attempts (doubled each time); a Retry-After from Slack wins when given.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between attempts, including a Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): doubled each time, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var delay = RetryBaseDelay * Math.Pow(2, attempt - 1);
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    /// <summary>Pause between messages to the same channel (Slack allows about one per second).</summary>
    public TimeSpan PostSpacing { get; set; } = TimeSpan.FromSeconds(1.1);

    /// <summary>Weekly scoring: a Quartz cron expression in Scoring:TimeZone. Empty = no scoring job.</summary>
    public string ScoringSchedule { get; set; } = "0 0 5 ? * MON";

    /// <summary>
    /// Scheduled digests only: when the week of the send has no stored snapshot yet (the scoring job has not run, or
    /// the subscription's zone is ahead), score and store that week first, so a digest never reports last week as new.
    /// </summary>
    public bool ScoreMissingWeek { get; set; } = true;

    /// <summary>Slack channel for failure alerts (unknown outcomes, broken channels), besides the creator's DM. Optional.</summary>
    public string? AlertChannel { get; set; }

    /// <summary>
    /// Teams channel (19:…@thread…) or conversation for the same alerts, besides the creator's 1:1 chat. Optional; its
    /// conversation reference must be stored (the app installed in that team, or the bot mentioned there once).
    /// </summary>
    public string? TeamsAlertChannel { get; set; }

    /// <summary>Most accounts listed in a score-changes thread (the headline still counts all).</summary>
    public int MaxListedAccounts { get; set; } = 200;

    /// <summary>Weeks of history in the trend text and charts.</summary>
    public int TrendWeeks { get; set; } = 12;

    /// <summary>
    /// The personal my-accounts digest for every account owner and CSM the bot can reach, unless they said
    /// `/adoption digest me off` (a person's own choice always wins). False: only those who said `digest me on`.
    /// </summary>
    public bool PersonalDefault { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _))
        {
            yield return $"Digests:DefaultTimeZone '{DefaultTimeZone}' is not a known IANA time zone.";
        }

        if (!DigestSchedule.TryParseDay(DefaultDay, out _))
        {
            yield return $"Digests:DefaultDay '{DefaultDay}' must be mon, tue, wed, thu, fri, sat or sun.";
        }

        if (!DigestSchedule.TryParseTime(DefaultTime, out _))
        {
            yield return $"Digests:DefaultTime '{DefaultTime}' must be HH:mm (24-hour).";
        }

        // One message per key, naming the value given, so an operator fixes the right line.
        foreach (var (key, value, least) in new[]
                 {
                     ("ResyncInterval", ResyncInterval, TimeSpan.FromSeconds(1)), ("ClaimTimeout", ClaimTimeout, TimeSpan.FromMinutes(1)),
                     ("CatchUpWindow", CatchUpWindow, TimeSpan.Zero), ("MisfireThreshold", MisfireThreshold, TimeSpan.FromSeconds(1)),
                     ("RetryBaseDelay", RetryBaseDelay, TimeSpan.Zero), ("PostSpacing", PostSpacing, TimeSpan.Zero),
                 })
        {
            if (value < least)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"Digests:{key} ({value:c}) must be at least {least:c}.");
            }
        }

        if (SendAttempts is < 1 or > 10)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Digests:SendAttempts ({SendAttempts}) must be 1..10.");
        }

        if (MaxRetryDelay < RetryBaseDelay)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Digests:MaxRetryDelay ({MaxRetryDelay:c}) must be at least Digests:RetryBaseDelay ({RetryBaseDelay:c}).");
        }

        if (!string.IsNullOrWhiteSpace(ScoringSchedule) && !Quartz.CronExpression.TryParse(ScoringSchedule, out _))
        {
            yield return $"Digests:ScoringSchedule '{ScoringSchedule}' is not a Quartz cron expression.";
        }

        if (MaxListedAccounts is < 1 or > 5000 || TrendWeeks is < 2 or > 52)
        {
            yield return "Digests:MaxListedAccounts must be 1..5000 and Digests:TrendWeeks 2..52.";
        }
    }
}
