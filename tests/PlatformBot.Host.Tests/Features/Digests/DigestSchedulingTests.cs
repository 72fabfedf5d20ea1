using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Digests;
using Quartz;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class DigestSchedulingTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly FakeSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    public static TheoryData<string, string> DaylightSavingChanges => new()
    {
        // clocks go forward on Sunday 2026-03-29: 09:00 CET is 08:00Z before, 09:00 CEST is 07:00Z after
        { "2026-03-20T12:00:00Z", "2026-03-23T08:00:00Z" },
        { "2026-03-27T12:00:00Z", "2026-03-30T07:00:00Z" },
        // clocks go back on Sunday 2026-10-25: 07:00Z before, 08:00Z after
        { "2026-10-16T12:00:00Z", "2026-10-19T07:00:00Z" },
        { "2026-10-23T12:00:00Z", "2026-10-26T08:00:00Z" },
        { "2026-10-25T01:30:00Z", "2026-10-26T08:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(DaylightSavingChanges))]
    public void A_monday_0900_berlin_subscription_fires_at_0900_local_across_daylight_saving_changes(string now, string expected)
    {
        var schedule = new DigestSchedule(DayOfWeek.Monday, new TimeOnly(9, 0), Berlin);
        var trigger = DigestScheduler.BuildTrigger(7, schedule, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var next = trigger.GetFireTimeAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next!.Value, Berlin).DateTime));
        Assert.Equal(schedule.NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)), next);
    }

    [Fact]
    public async Task Subscriptions_become_cron_triggers_in_their_zone_and_follow_adds_and_removes_without_a_restart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        var service = host.Get<SubscriptionService>();
        var scheduler = host.Get<DigestScheduler>();
        var quartz = await host.Get<ISchedulerFactory>().GetScheduler();

        var added = await service.SubscribeAsync(new DigestTarget(DigestPlatform.Slack, "CSCHED0001"), "U0CREATOR1", "arr-kpi day=mon time=09:00 tz=Europe/Berlin", CancellationToken.None);
        Assert.True(added.Succeeded, added.Message);
        Assert.Contains("first digest Mon 2026-03-30 09:00", added.Message, StringComparison.Ordinal);
        await scheduler.SyncAsync(CancellationToken.None);

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await quartz.GetTrigger(DigestScheduler.TriggerKeyFor(added.Subscription!.Id)));
        Assert.Equal("0 0 9 ? * MON", trigger.CronExpressionString);
        Assert.Equal("Europe/Berlin", trigger.TimeZone.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), trigger.NextFireTimeUtc);

        var removed = await service.RemoveAsync(added.Subscription.Id, CancellationToken.None);
        Assert.True(removed.Succeeded);
        var (_, unscheduled) = await scheduler.SyncAsync(CancellationToken.None);
        Assert.Equal(1, unscheduled);
        Assert.Null(await quartz.GetTrigger(DigestScheduler.TriggerKeyFor(added.Subscription.Id)));
    }

    [Fact]
    public async Task A_digest_missed_while_the_host_was_down_goes_out_once_on_start_and_only_within_the_window()
    {
        // Monday 2026-11-23, 10:30 in Berlin: the 09:00 digest was due while nothing ran.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        await DigestData.SeedAsync(host);
        var due = await DigestData.SubscribeAsync(host, "CCATCH0001", DigestKind.ScoreChanges, createdAtUtc: new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc));
        var tooNew = await DigestData.SubscribeAsync(host, "CCATCH0002", DigestKind.ScoreChanges, createdAtUtc: new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc));
        var scheduler = host.Get<DigestScheduler>();

        var first = await scheduler.CatchUpAsync(CancellationToken.None);
        var second = await scheduler.CatchUpAsync(CancellationToken.None);

        Assert.Equal(DigestStatus.Sent, Assert.Single(first).Status);
        Assert.Empty(second);
        Assert.Single(_slack.TopLevel("CCATCH0001"));
        Assert.Empty(_slack.Posts("CCATCH0002"));
        var delivery = Assert.Single(await DigestData.DeliveriesAsync(host, due));
        Assert.Equal(DigestSources.CatchUp, delivery.Source);
        Assert.Equal("2026-W48", delivery.PeriodKey);
        Assert.Empty(await DigestData.DeliveriesAsync(host, tooNew));

        // four days later the missed Monday is outside the catch-up window (3 days): nothing is sent late, and the
        // miss is recorded (skipped, with the reason) and told to the creator instead of vanishing
        var late = await DigestData.SubscribeAsync(host, "CCATCH0003", DigestKind.ScoreChanges, createdBy: "U0LATE0001", createdAtUtc: new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc));
        time.Advance(TimeSpan.FromDays(4));
        Assert.Empty(await scheduler.CatchUpAsync(CancellationToken.None));
        Assert.Empty(_slack.Posts("CCATCH0003"));
        var skipped = Assert.Single(await DigestData.DeliveriesAsync(host, late));
        Assert.Equal(DigestStatus.Skipped, skipped.Status);
        Assert.StartsWith("missed: due 2026-11-23 08:00Z", skipped.Error, StringComparison.Ordinal);
        Assert.Contains("skipped rather than posted late", Assert.Single(_slack.Posts("U0LATE0001")).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quartz_job_sends_through_the_same_guard_so_a_duplicate_fire_posts_nothing()
    {
        await using var host = new DigestHost(_slack, scheduler: true);
        host.With("Digests:ScoreMissingWeek", "false");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await DigestData.SeedAsync(host, current: DigestSchedule.WeekStart(today));
        // created now: no catch-up of an earlier Monday interferes, and its next real fire is days away
        var id = await DigestData.SubscribeAsync(host, "CQUARTZ001", DigestKind.ArrKpi, zone: "Etc/UTC", createdAtUtc: TimeProvider.System.GetUtcNow().UtcDateTime);
        var quartz = await host.Get<ISchedulerFactory>().GetScheduler();
        await host.Get<DigestScheduler>().SyncAsync(CancellationToken.None);
        Assert.True(await quartz.Exists(DigestScheduler.TriggerKeyFor(id)));

        // fire the job twice, as a duplicate fire after a stall would
        var data = new JobDataMap { [DigestJob.SubscriptionIdKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await quartz.TriggerJob(DigestJob.Key, data);
        await WaitUntil(async () => (await DigestData.DeliveriesAsync(host, id)).Any(d => d.Status != DigestStatus.Claimed));
        await quartz.TriggerJob(DigestJob.Key, data);
        await Task.Delay(1500);

        var delivery = Assert.Single(await DigestData.DeliveriesAsync(host, id));
        Assert.Equal(DigestStatus.Sent, delivery.Status);
        Assert.Equal(DigestSources.Schedule, delivery.Source);
        Assert.Single(_slack.TopLevel("CQUARTZ001"));
    }

    [Fact]
    public async Task The_weekly_scoring_job_fires_on_the_real_scheduler_and_the_next_digest_reports_that_snapshot()
    {
        await using var host = new DigestHost(_slack, scheduler: true);
        // every 2 s on the real Quartz scheduler (in-memory store, as on SQLite); digests may not score for themselves here
        host.With("Digests:ScoringSchedule", "0/2 * * * * ?");
        host.With("Scoring:TimeZone", "Etc/UTC");
        host.With("Digests:ScoreMissingWeek", "false");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var lastWeek = DigestSchedule.WeekStart(today).AddDays(-7);
        await DigestData.SeedAsync(host, current: lastWeek);
        var id = await DigestData.SubscribeAsync(host, "CSCORED001", DigestKind.ArrKpi, zone: "Etc/UTC", createdAtUtc: TimeProvider.System.GetUtcNow().UtcDateTime);
        var quartz = await host.Get<ISchedulerFactory>().GetScheduler();
        Assert.True(await quartz.Exists(WeeklyScoringJob.Key));

        await WaitUntil(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.ScoreSnapshots.CountAsync(s => s.AsOf == today) == DigestData.Book.Length;
        });

        // sent by the schedule's job, as at 09:00: it reports the snapshot the scoring job stored, not last week's
        await quartz.TriggerJob(DigestJob.Key, new JobDataMap { [DigestJob.SubscriptionIdKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await WaitUntil(async () => (await DigestData.DeliveriesAsync(host, id)).Any(d => d.Status != DigestStatus.Claimed));
        var delivery = Assert.Single(await DigestData.DeliveriesAsync(host, id));
        Assert.Equal(DigestStatus.Sent, delivery.Status);
        Assert.Equal(today, delivery.DataDate);
        Assert.Contains($"Data as of {DigestData.Date(today)}, compared with {DigestData.Date(lastWeek)}", _slack.TopLevel("CSCORED001")[0].GetRawText(), StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("timed out waiting");
    }
}
