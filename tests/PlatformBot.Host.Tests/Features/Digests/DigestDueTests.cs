using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Support;
using CliRunner = PlatformBot.Host.Tests.Support.Cli;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// `platformbot digests send --due` (issue 15): every due subscription in one process, against a Slack that refuses
/// (429) a second post to a channel within a second, with the real executable on a real SQLite store.
/// </summary>
public sealed class DigestDueTests : IDisposable
{
    private readonly RateLimitedSlack _slack = new();
    private readonly FakeSlack _unused = new(); // the seeding host's Slack: it posts nothing

    public void Dispose()
    {
        _slack.Dispose();
        _unused.Dispose();
    }

    /// <summary>A host on the store the executable uses, to seed it and read it back.</summary>
    private DigestHost Seeder(CliStore store) => (DigestHost)new DigestHost(_unused).With("Storage:DataDirectory", store.DataDirectory);

    private Dictionary<string, string> Settings() => new()
    {
        ["Slack__SigningSecret"] = "test-signing-secret",
        ["Slack__BotToken"] = "xoxb-due-test",
        ["Slack__ApiBaseUrl"] = _slack.ApiBaseUrl,
        ["Slack__AdditionalAllowedOrigins__0"] = _slack.Origin,
        ["Digests__PostSpacing"] = "00:00:01.100",
        ["Digests__SchedulerEnabled"] = "false",
    };

    [Fact]
    public async Task Send_due_posts_every_due_digest_once_paced_per_channel_with_no_429_and_a_second_run_posts_nothing()
    {
        await using var store = await CliStore.CreateAsync(Data.Storage.StorageProvider.Sqlite);
        var due = new Dictionary<long, string>();
        long notDue, delivered;
        await using (var seeder = Seeder(store))
        {
            await DigestData.SeedAsync(seeder);
            // 40 subscriptions due Monday 09:00 Berlin over 15 channels: one busy channel with five, the rest with two or three
            for (var i = 0; i < 40; i++)
            {
                var channel = string.Create(CultureInfo.InvariantCulture, $"CDUE{(i < 5 ? 0 : 1 + ((i - 5) % 14)):000000}");
                due[await DigestData.SubscribeAsync(seeder, channel, DigestKinds.All[i % 3])] = channel;
            }

            notDue = await DigestData.SubscribeAsync(seeder, "CDUE000001", DigestKind.ArrKpi, day: "tue");
            delivered = await DigestData.SubscribeAsync(seeder, "CDUE000002", DigestKind.ArrKpi);
            await using var db = await seeder.DbAsync();
            db.DigestDeliveries.Add(new DigestDelivery
            {
                SubscriptionId = delivered, PeriodKey = "2026-W48", AsOf = DigestData.Current, Status = DigestStatus.Sent, Source = DigestSources.Schedule,
                ClaimToken = "earlier", ClaimedBy = "node-1", ClaimedAtUtc = new DateTime(2026, 11, 23, 8, 0, 1, DateTimeKind.Utc), Attempts = 1, MessageId = "1699999999.000001",
            });
            await db.SaveChangesAsync();
        }

        var run = await CliRunner.RunAsync(store.DataDirectory, Settings(), "digests", "send", "--due", "--at", "2026-11-23T08:20:00Z", "--window", "1h");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var summary = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("Due at 2026-11-23 08:20Z within 01:00:00: 41 digest(s): 40 sent, 1 already delivered, 0 skipped, 0 not delivered", summary, StringComparison.Ordinal);
        Assert.True(_slack.Refused == 0, $"{_slack.Refused} posts refused with 429: {_slack.DescribeRefusals()}");
        var headlines = _slack.HeadlinesPerChannel();
        foreach (var channel in due.Values.Distinct())
        {
            Assert.Equal(due.Values.Count(c => c == channel), headlines.GetValueOrDefault(channel));
        }

        Assert.Equal(40, headlines.Values.Sum()); // the Tuesday one and the one delivered before: nothing
        await using (var check = Seeder(store))
        {
            await using var db = await check.DbAsync();
            var rows = await db.DigestDeliveries.AsNoTracking().ToListAsync();
            Assert.All(rows.Where(r => due.ContainsKey(r.SubscriptionId)), r => Assert.Equal((DigestStatus.Sent, DigestSources.Due, "2026-W48"), (r.Status, r.Source, r.PeriodKey)));
            Assert.Equal(due.Keys.Order(), rows.Where(r => due.ContainsKey(r.SubscriptionId)).Select(r => r.SubscriptionId).Order());
            Assert.DoesNotContain(rows, r => r.SubscriptionId == notDue);
            Assert.Equal("1699999999.000001", Assert.Single(rows, r => r.SubscriptionId == delivered).MessageId);
        }

        // run again (a retry of the cron job, or a second node): everything was delivered, nothing is posted
        var posts = _slack.Posts.Count;
        var again = await CliRunner.RunAsync(store.DataDirectory, Settings(), "digests", "send", "--due", "--at", "2026-11-23T08:25:00Z", "--window", "1h");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("41 digest(s): 0 sent, 41 already delivered", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(posts, _slack.Posts.Count);
    }

    [Fact]
    public async Task Send_due_exits_1_naming_what_was_not_delivered_and_refuses_options_of_a_single_send()
    {
        await using var store = await CliStore.CreateAsync(Data.Storage.StorageProvider.Sqlite);
        await using (var seeder = Seeder(store))
        {
            await DigestData.SeedAsync(seeder);
            await DigestData.SubscribeAsync(seeder, "CDUEOK0001", DigestKind.ArrKpi);
            var teams = await DigestData.SubscribeAsync(seeder, "19:due@thread.tacv2", DigestKind.ArrKpi);
            await using var db = await seeder.DbAsync();
            await db.DigestSubscriptions.Where(s => s.Id == teams).ExecuteUpdateAsync(u => u.SetProperty(s => s.Platform, "teams"));
        }

        var run = await CliRunner.RunAsync(store.DataDirectory, Settings(), "digests", "send", "--due", "--at", "2026-11-23T08:00:00Z");
        var mixed = await CliRunner.RunAsync(store.DataDirectory, Settings(), "digests", "send", "--due", "--subscription", "1");
        var badWindow = await CliRunner.RunAsync(store.DataDirectory, Settings(), "digests", "send", "--due", "--window", "soon");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("within 3.00:00:00: 2 digest(s): 1 sent, 0 already delivered, 0 skipped, 1 not delivered", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Teams is not configured on this host", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, mixed.ExitCode);
        Assert.Equal("error: --due sends what the schedules say: it takes --window and --at, not --subscription, --as-of or --retry-unknown.", mixed.Stderr.Trim());
        Assert.Equal(2, badWindow.ExitCode);
        Assert.DoesNotContain("   at ", badWindow.Stderr, StringComparison.Ordinal);
    }
}
