using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Benchmarks;

/// <summary>
/// Budget (issue 15): `digests send --due` with 500 subscriptions builds all content in at most 5 s and posts all 500
/// headlines within 2 minutes of the due time, with zero 429s, against a Slack fake that refuses (429, Retry-After: 1)
/// a second message to a channel within a second (<see cref="RateLimitedSlack"/>). The 500 subscriptions sit in 100
/// channels: 20 busy channels with 10 each, 80 with 3 or 4. The real host's services on a temporary SQLite store;
/// seeding is not timed. Run: <c>bash bench/digest-due-benchmark.sh</c> or
/// <c>dotnet run -c Release --project bench/PlatformBot.Benchmarks -- digests-due [accounts] [subscriptions]</c>.
/// </summary>
public static class DigestDueBenchmark
{
    /// <summary>Monday 09:00 in Berlin, when every subscription is due.</summary>
    private static readonly DateTimeOffset DueAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var accounts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var subscriptions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        using var slack = new RateLimitedSlack();
        await using var host = new DigestBatchBenchmark.BenchHost(new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = "bench-signing-secret",
            ["Slack:BotToken"] = "xoxb-bench",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Slack:AdditionalAllowedOrigins:0"] = slack.Origin,
            ["Digests:PostSpacing"] = "00:00:01.100",
            ["Digests:ScoreMissingWeek"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var services = host.Services;
        var seeding = Stopwatch.StartNew();
        await DigestBatchBenchmark.SeedAsync(services, accounts);
        var channels = await SubscribeAsync(services, subscriptions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {accounts:N0} accounts x 13 weeks and {subscriptions} subscriptions in {channels.Count} channels (most in one: {channels.Values.Max()}) in {seeding.Elapsed.TotalSeconds:0.0} s (not timed)"));

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = TimeProvider.System.GetUtcNow();
        var report = await services.GetRequiredService<DueDigestSender>().SendDueAsync(DueAt, TimeSpan.FromHours(1), CancellationToken.None);
        var ended = TimeProvider.System.GetUtcNow();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var posts = slack.Posts;
        var headlines = posts.Where(p => p.TopLevel).ToList();
        var lastHeadline = headlines.Count == 0 ? TimeSpan.Zero : headlines.Max(p => p.At) - started;
        var lastPost = posts.Count == 0 ? TimeSpan.Zero : posts.Max(p => p.At) - started;
        Console.WriteLine(report.Summary());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"content build: {report.ContentBuilt.TotalSeconds:0.00} s (budget 5 s: {(report.ContentBuilt <= TimeSpan.FromSeconds(5) ? "met" : "NOT met")}); " +
            $"the shared data load before it: {report.DataLoaded.TotalSeconds:0.00} s; both: {(report.DataLoaded + report.ContentBuilt).TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time to last headline: {lastHeadline.TotalSeconds:0.0} s after the run started (budget 120 s: {(lastHeadline <= TimeSpan.FromMinutes(2) ? "met" : "NOT met")}); " +
            $"last post (threads and charts) {lastPost.TotalSeconds:0.0} s; run {(ended - started).TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"429s: {slack.Refused}; {headlines.Count} headlines, {posts.Count - headlines.Count} thread replies accepted; process CPU during the run {cpu.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, load average {DigestBatchBenchmark.LoadAverage()}"));
        var exact = headlines.Count == subscriptions && report.Count(DigestStatus.Sent) == subscriptions;
        if (!exact || slack.Refused > 0)
        {
            Console.Error.WriteLine($"not every digest went out exactly once without a 429 ({headlines.Count} headlines, {slack.Refused} refused: {slack.DescribeRefusals()})");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Subscription i: kind and filters as the build benchmark has them, due Monday 09:00 Berlin; the first 200 in 20
    /// channels of 10 (team channels with a digest per segment, say), the other 300 over 80 channels. Returns
    /// subscriptions per channel.
    /// </summary>
    private static async Task<Dictionary<string, int>> SubscribeAsync(IServiceProvider services, int count)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var perChannel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var channel = string.Create(CultureInfo.InvariantCulture, $"CBENCH{(i < 200 ? i / 10 : 20 + ((i - 200) % 80)):0000}");
            perChannel[channel] = perChannel.GetValueOrDefault(channel) + 1;
            var f = DigestBatchBenchmark.FilterShape(i);
            db.DigestSubscriptions.Add(new DigestSubscription
            {
                Platform = "slack", ChannelId = channel, Kind = DigestKinds.All[i % 3].Text(), Segment = f.Segment, Region = f.Region, OwnerEmail = f.Owner,
                CsmEmail = f.Csm, Plan = f.Plan, UseCase = f.UseCase, Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin", CreatedBy = "U0BENCH001",
                CreatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Status = DigestStatus.Active,
            });
        }

        await db.SaveChangesAsync();
        return perChannel;
    }
}
