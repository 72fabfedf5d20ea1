using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Support;
using Quartz;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// Issue 15, "never silent": what no node sees happen (a sender killed mid-send, a digest due while every host was
/// down) is alerted once per delivery, from whichever node finds it, with the database deciding who alerts; on SQLite
/// and on PostgreSQL, two nodes at once.
/// </summary>
public sealed class DigestNeverSilentTests : IDisposable
{
    private const string AlertChannel = "CALERTS001";
    private const string Creator = "U0CREATOR1";
    private readonly FakeSlack _slack = new();

    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    public void Dispose() => _slack.Dispose();

    private DigestHost Node(CliStore store, TimeProvider time) => (DigestHost)new DigestHost(_slack).WithTime(time)
        .With("Storage:Provider", store.Provider.ToString())
        .With($"ConnectionStrings:{StorageOptions.ConnectionStringName}", store.ConnectionString)
        .With("Digests:Clustered", "false")
        .With("Digests:AlertChannel", AlertChannel);

    private string[] Told(string recipient) => [.. _slack.Posts(recipient).Select(p => p.GetProperty("text").GetString()!)];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_claim_left_by_a_killed_sender_alerts_its_creator_and_the_alert_channel_once_however_many_nodes_sweep(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var first = Node(store, time);
        await using var second = Node(store, time);
        var id = await DigestData.SubscribeAsync(first, "CCRASH0002", DigestKind.ScoreChanges, createdBy: Creator);

        // a sender claims the week, posts the headline, then dies before completing
        var claim = await first.Get<DeliveryLedger>().ClaimAsync(id, DigestData.Current, DigestSources.Schedule, false, CancellationToken.None);
        await first.Get<DeliveryLedger>().RecordPostedAsync(claim.Ticket!, "1700000000.000900", "CCRASH0002", "blocks", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(16));

        // both nodes find the stale claim at once, and again on their next round
        await Task.WhenAll(first.Get<DigestScheduler>().SweepAsync(CancellationToken.None), second.Get<DigestScheduler>().SweepAsync(CancellationToken.None));
        await Task.WhenAll(first.Get<DigestScheduler>().SweepAsync(CancellationToken.None), second.Get<DigestScheduler>().SweepAsync(CancellationToken.None));

        foreach (var recipient in new[] { Creator, AlertChannel })
        {
            var told = Assert.Single(Told(recipient));
            Assert.Contains($"subscription {id}, 2026-W48", told, StringComparison.Ordinal);
            Assert.Contains("may or may not have been posted: the host sending it stopped mid-send", told, StringComparison.Ordinal);
            Assert.Contains("the headline 1700000000.000900 was posted", told, StringComparison.Ordinal);
            Assert.Contains("/adoption subscriptions", told, StringComparison.Ordinal);
            Assert.DoesNotContain("platformbot ", told, StringComparison.Ordinal);
        }

        Assert.Empty(_slack.Posts("CCRASH0002")); // and never resent
        Assert.Equal(DigestStatus.Unknown, Assert.Single(await DigestData.DeliveriesAsync(first, id)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_digest_missed_beyond_the_catch_up_window_is_recorded_skipped_with_the_reason_and_alerted_once(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);

        // Friday 2026-11-27: Monday's 09:00 Berlin digest passed four days ago while no host ran (the window is three days)
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var first = Node(store, time);
        await using var second = Node(store, time);
        await DigestData.SeedAsync(first);
        var id = await DigestData.SubscribeAsync(first, "CMISSED001", DigestKind.ScoreChanges, createdBy: Creator,
            createdAtUtc: new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc));

        // two nodes start at once; later rounds find the row and say nothing more
        var started = await Task.WhenAll(first.Get<DigestScheduler>().CatchUpAsync(CancellationToken.None), second.Get<DigestScheduler>().CatchUpAsync(CancellationToken.None));
        Assert.All(started, Assert.Empty); // nothing is sent late
        Assert.Empty(await first.Get<DigestScheduler>().CatchUpAsync(CancellationToken.None));

        var row = Assert.Single(await DigestData.DeliveriesAsync(first, id));
        Assert.Equal((DigestStatus.Skipped, "2026-W48", DigestSources.CatchUp), (row.Status, row.PeriodKey, row.Source));
        Assert.Contains("missed: due 2026-11-23 08:00Z", row.Error, StringComparison.Ordinal);
        Assert.Contains("Digests:CatchUpWindow", row.Error, StringComparison.Ordinal);
        Assert.Empty(_slack.Posts("CMISSED001"));
        foreach (var recipient in new[] { Creator, AlertChannel })
        {
            var told = Assert.Single(Told(recipient));
            Assert.Contains("was due Mon 2026-11-23 08:00 UTC", told, StringComparison.Ordinal);
            Assert.Contains("more than 3 days ago, so it was skipped rather than posted late", told, StringComparison.Ordinal);
            Assert.Contains("The next one goes out Mon 2026-11-30 08:00 UTC", told, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_trigger_the_clustered_store_fires_beyond_the_catch_up_window_is_recorded_skipped_by_the_job_and_alerted_once(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);

        // Friday 2026-11-27: the clustered store fires Monday's 09:00 Berlin trigger now, when the first node is back
        // (FireAndProceed re-plans a misfired trigger to "now", so its scheduled time is now too); two nodes fire it
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var first = Node(store, time);
        await using var second = Node(store, time);
        await DigestData.SeedAsync(first);
        var created = new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc);
        var late = await DigestData.SubscribeAsync(first, "CMISFIRE02", DigestKind.ScoreChanges, createdBy: Creator, createdAtUtc: created);
        var onTime = await DigestData.SubscribeAsync(first, "CMISFIRE03", DigestKind.ArrKpi, createdBy: Creator, createdAtUtc: created);

        await Task.WhenAll(Fire(first, late, time.GetUtcNow()), Fire(second, late, time.GetUtcNow()));
        await Fire(first, onTime, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)); // two hours late: within the window, sent

        var row = Assert.Single(await DigestData.DeliveriesAsync(first, late));
        Assert.Equal((DigestStatus.Skipped, "2026-W48"), (row.Status, row.PeriodKey));
        Assert.StartsWith("missed: due 2026-11-23 08:00Z", row.Error, StringComparison.Ordinal);
        Assert.Empty(_slack.Posts("CMISFIRE02"));
        foreach (var recipient in new[] { Creator, AlertChannel })
        {
            var told = Assert.Single(Told(recipient));
            Assert.Contains("was due Mon 2026-11-23 08:00 UTC", told, StringComparison.Ordinal);
            Assert.Contains("skipped rather than posted late", told, StringComparison.Ordinal);
        }

        var sent = Assert.Single(await DigestData.DeliveriesAsync(first, onTime));
        Assert.Equal((DigestStatus.Sent, DigestSources.Schedule, DigestData.Current), (sent.Status, sent.Source, sent.AsOf));
    }

    /// <summary>The subscription's own cron trigger fired at <paramref name="fired"/>, as Quartz calls the job.</summary>
    private static async Task Fire(DigestHost node, long id, DateTimeOffset fired)
    {
        var schedule = new DigestSchedule(DayOfWeek.Monday, new TimeOnly(9, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var trigger = DigestScheduler.BuildTrigger(id, schedule, new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero));
        var data = new JobDataMap { [DigestJob.SubscriptionIdKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var job = ActivatorUtilities.CreateInstance<DigestJob>(node.Services);
        await job.Execute(FiredJobContext.Create(trigger, data, fired, fired), CancellationToken.None);
    }

    [Fact]
    public async Task An_alert_slack_cannot_take_is_one_log_line_naming_the_subscription_and_the_reason_without_a_stack_trace()
    {
        var logs = new LogCapture();
        await using var host = ((DigestHost)new DigestHost(_slack).With("Digests:AlertChannel", AlertChannel)).WithLogs(logs);
        var id = await DigestData.SubscribeAsync(host, "CALERTED01", DigestKind.ArrKpi, createdBy: Creator);
        foreach (var recipient in new[] { Creator, AlertChannel })
        {
            _slack.PostTo(recipient, WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithBody("upstream down"));
        }

        await using (var db = await host.DbAsync())
        {
            var subscription = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.DigestSubscriptions, s => s.Id == id);
            await host.Get<DigestAlerts>().DeliveryEndedAsync(subscription, "2026-W48", DigestStatus.Failed, "the channel timed out", CancellationToken.None);
        }

        var lines = logs.Entries.Where(e => e.Message.StartsWith("Could not alert", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count); // one per recipient
        Assert.All(lines, line =>
        {
            Assert.Null(line.Exception);
            Assert.InRange(line.Level, LogLevel.Warning, LogLevel.Error);
            Assert.Contains($"subscription {id}", line.Message, StringComparison.Ordinal);
            Assert.Contains("503", line.Message, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task A_second_send_of_the_same_week_is_refused_without_an_error_in_the_log()
    {
        var logs = new LogCapture();
        await using var host = new DigestHost(_slack).WithLogs(logs);
        await DigestData.SeedAsync(host);
        var id = await DigestData.SubscribeAsync(host, "CTWICE0001", DigestKind.ArrKpi);
        var sender = host.Get<DigestSender>();
        Assert.Equal(DigestStatus.Sent, (await sender.SendAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None)).Status);

        var again = await sender.SendAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None);

        Assert.Equal("already-claimed", again.Status);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }
}
