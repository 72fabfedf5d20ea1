using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Support;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>WireMock standing in for slack.com/api: records every call; tests add failures per channel.</summary>
public sealed class FakeSlack : IDisposable
{
    public const string Ts = "1700000000.000100";

    public FakeSlack()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost()).AtPriority(100)
            .RespondWith(Ok($$"""{"ok":true,"channel":"CDIGEST001","ts":"{{Ts}}"}"""));
        Server.Given(Request.Create().WithPath("/api/files.getUploadURLExternal").UsingPost()).AtPriority(100)
            .RespondWith(Ok($$"""{"ok":true,"upload_url":"{{Server.Url}}/upload/F0001","file_id":"F0001"}"""));
        Server.Given(Request.Create().WithPath("/upload/F0001").UsingPost()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("OK - 1234"));
        Server.Given(Request.Create().WithPath("/api/files.completeUploadExternal").UsingPost()).AtPriority(100)
            .RespondWith(Ok("""{"ok":true,"files":[{"id":"F0001","title":"chart"}]}"""));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public static IResponseBuilder Ok(string json) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(json);

    /// <summary>chat.postMessage to this channel answers with <paramref name="response"/> (higher priority than the default ok).</summary>
    public void PostTo(string channel, IResponseBuilder response, bool onlyWithBlocks = false)
    {
        var request = Request.Create().WithPath("/api/chat.postMessage").UsingPost()
            .WithBody(new JsonPartialMatcher($$"""{"channel":"{{channel}}"}"""));
        if (onlyWithBlocks)
        {
            request = Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WildcardMatcher($"*\"channel\":\"{channel}\"*\"blocks\":*", true));
        }

        Server.Given(request).AtPriority(1).RespondWith(response);
    }

    public IReadOnlyList<JsonElement> Posts(string? channel = null) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == "/api/chat.postMessage").Select(Json)
            .Where(j => channel is null || j.GetProperty("channel").GetString() == channel)];

    /// <summary>Top-level posts (no thread_ts) to a channel: what a reader sees in the channel.</summary>
    public IReadOnlyList<JsonElement> TopLevel(string channel) =>
        [.. Posts(channel).Where(p => !p.TryGetProperty("thread_ts", out _))];

    public int Calls(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    private static JsonElement Json(ILogEntry entry)
    {
        using var document = JsonDocument.Parse(entry.RequestMessage.Body!);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>The real host on a fresh SQLite store, its Slack pointed at <see cref="FakeSlack"/>, the scheduler off unless asked.</summary>
public sealed class DigestHost : PlatformBotFactory
{
    public const string ApiKey = "digest-test-key-0123456789";
    private readonly List<Action<IServiceCollection>> _services = [];
    private TimeProvider? _time;
    private LogCapture? _logs;

    public DigestHost(FakeSlack slack, bool scheduler = false)
    {
        With("Slack:SigningSecret", "test-signing-secret");
        With("Slack:BotToken", "xoxb-digest-test");
        With("Slack:ApiBaseUrl", slack.Url + "/api/");
        With("Slack:AdditionalAllowedOrigins:0", slack.Url);
        With("Slack:RequestTimeout", "00:00:05");
        With("Slack:MaxRetryAfter", "00:00:05");
        With("Digests:PostSpacing", "00:00:00");
        With("Digests:RetryBaseDelay", "00:00:00.050");
        With("Digests:SchedulerEnabled", scheduler ? "true" : "false");
        With("Digests:ScoringSchedule", string.Empty);
        With("Digests:DefaultTimeZone", "Europe/Berlin");
        With("Ingest:ApiKeys:0", ApiKey);
    }

    /// <summary>Captures every log line the host writes (tests about what is, and is not, logged as an error).</summary>
    public DigestHost WithLogs(LogCapture logs)
    {
        _logs = logs;
        return this;
    }

    /// <summary>Replaces the host's clock (e.g. a FakeTimeProvider) for tests about time.</summary>
    public DigestHost WithTime(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>More test services (an in-memory telemetry exporter, a log capture), added after the host's own.</summary>
    public DigestHost WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var configure in _services)
        {
            builder.ConfigureTestServices(configure);
        }

        if (_time is { } time)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(time));
        }

        if (_logs is { } logs)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        }
    }

    public async Task<PlatformBotDbContext> DbAsync()
    {
        await Get<StoreInitializer>().EnsureReadyAsync(CancellationToken.None);
        return await Get<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
    }
}

/// <summary>A hand-checkable book of accounts and two weeks of snapshots (plus ten earlier weeks for trends).</summary>
public static class DigestData
{
    public static readonly DateOnly Current = new(2026, 11, 23);
    public static readonly DateOnly Previous = new(2026, 11, 16);

    // id, name, segment, region, plan, ARR (dollars), (level, colors scm/ci/cd/security) before and now
    public static readonly (string Id, string Name, string Segment, string Region, string Plan, long Arr, string Before, string Now)[] Book =
    [
        ("A1", "Alpha", "enterprise", "emea", "ultimate", 500_000, "2:GGRR", "3+:GGGR"),   // into 3+ (CD red -> green)
        ("A2", "Bravo", "enterprise", "emea", "ultimate", 900_000, "3+:GGGR", "2:GYGR"),   // out of 3+ (CI green -> yellow)
        ("A3", "Charlie", "enterprise", "amer", "premium", 100_000, "0:RRRU", "1:GRRU"),   // up
        ("A4", "Delta", "smb", "emea", "premium", 50_000, "2:GGRU", "1:GRRU"),             // down (CI green -> red)
        ("A5", "Echo", "enterprise", "emea", "premium", 300_000, "1:GYRU", "1:GRRU"),      // same level, CI yellow -> red
        ("A6", "Foxtrot", "enterprise", "emea", "premium", 200_000, "2:GGRU", "2:GGRU"),   // unchanged
        ("A7", "Golf", "enterprise", "emea", "ultimate", 700_000, "1:GRRR", "2:GGRR"),     // up, bigger ARR than Charlie
        ("A8", "Hotel", "mid-market", "apac", "premium", 50_000, "no data:UUUU", "no data:UUUU"),
    ];

    public static async Task SeedAsync(DigestHost host, DateOnly? current = null, int weeks = 12)
    {
        var now = current ?? Current;
        await using var db = await host.DbAsync();
        foreach (var a in Book)
        {
            db.Accounts.Add(new Account
            {
                AccountId = a.Id, Name = a.Name, NameKey = a.Name.ToLowerInvariant(), Segment = a.Segment, Region = a.Region,
                OwnerEmail = a.Id == "A1" ? "sam@example.com" : "kim@example.com", CsmEmail = "jo@example.com",
            });
            db.Subscriptions.Add(new Subscription { SubscriptionId = "S" + a.Id, AccountId = a.Id, Plan = a.Plan, ArrCents = a.Arr * 100 });
        }

        for (var w = weeks - 1; w >= 0; w--)
        {
            var date = now.AddDays(-7 * w);
            foreach (var a in Book)
            {
                var (level, colors) = Parse(w == 0 ? a.Now : a.Before);
                db.ScoreSnapshots.Add(new ScoreSnapshot
                {
                    AccountId = a.Id, AsOf = date, ModelVersion = "test-model", ArrCents = a.Arr * 100, Level = level,
                    AdoptionScore = level == "no data" ? null : colors.Count(c => c == "green"), UseCases = Json(colors), ComputedAtUtc = new DateTime(2026, 11, 23, 5, 0, 0, DateTimeKind.Utc),
                });
            }
        }

        await db.SaveChangesAsync();
    }

    private static (string Level, string[] Colors) Parse(string spec)
    {
        var parts = spec.Split(':');
        return (parts[0], [.. parts[1].Select(c => c switch { 'G' => "green", 'Y' => "yellow", 'R' => "red", _ => "unknown" })]);
    }

    private static string Json(string[] colors)
    {
        string[] ids = ["scm", "ci", "cd", "security"];
        return "{" + string.Join(",", ids.Select((id, i) => $"\"{id}\":{{\"color\":\"{colors[i]}\",\"score\":{(colors[i] == "unknown" ? "null" : "50")}}}")) + "}";
    }

    /// <summary>Adds a subscription row directly (the service is tested separately).</summary>
    public static async Task<long> SubscribeAsync(DigestHost host, string channel, DigestKind kind, DigestFilters? filters = null, string createdBy = "U0CREATOR1",
        DateTime? createdAtUtc = null, bool skipWhenNoChanges = false, string day = "mon", string time = "09:00", string zone = "Europe/Berlin")
    {
        await using var db = await host.DbAsync();
        var f = filters ?? DigestFilters.None;
        var row = new DigestSubscription
        {
            Platform = "slack", ChannelId = channel, Kind = kind.Text(), Segment = f.Segment, Region = f.Region, OwnerEmail = f.Owner, CsmEmail = f.Csm,
            Plan = f.Plan, UseCase = f.UseCase, Day = day, Time = time, TimeZone = zone, CreatedBy = createdBy,
            CreatedAtUtc = createdAtUtc ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAtUtc = DateTime.UnixEpoch,
            Status = DigestStatus.Active, SkipWhenNoChanges = skipWhenNoChanges,
        };
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    public static async Task<DigestDelivery[]> DeliveriesAsync(DigestHost host, long subscriptionId)
    {
        await using var db = await host.DbAsync();
        return await db.DigestDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId).OrderBy(d => d.Id).ToArrayAsync();
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
