using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Tests.Features.Demo;

/// <summary>One store seeded with the defaults (300 accounts x 26 weeks), shared by the read-only tests.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public static readonly DateOnly LastSnapshot = new(2026, 11, 16); // a Monday

    public DemoStore Store { get; } = new();
    public DemoSeedResult Result { get; private set; } = null!;
    public ProgressLines Progress { get; } = new();

    public async Task InitializeAsync() =>
        Result = await Store.Seeder.SeedAsync(DemoSeeder.DefaultAccounts, DemoSeeder.DefaultWeeks, LastSnapshot, Progress, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();
}

public sealed class DemoSeederTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    private static readonly DateOnly LastSnapshot = SeededDemo.LastSnapshot;

    [Fact]
    public async Task Seeding_300_accounts_for_26_weeks_stores_exactly_what_it_reports()
    {
        var result = demo.Result;
        await using var db = await demo.Store.ContextAsync();

        Assert.Equal(300, result.Accounts);
        Assert.Equal(300, await db.Accounts.CountAsync());
        Assert.Equal(result.Subscriptions, await db.Subscriptions.CountAsync());
        Assert.Equal(result.Instances, await db.Instances.CountAsync());
        Assert.Equal(result.UsageRows, await db.UsageRows.LongCountAsync());

        Assert.InRange(result.Subscriptions, 330, 450); // mostly one per account, some two or three
        Assert.InRange(result.Instances, result.Subscriptions * 9 / 10, result.Subscriptions * 2);
        Assert.InRange(result.UsageRows, result.Instances * 20L, result.Instances * 26L);
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task Snapshots_are_weekly_on_the_same_weekday_and_end_at_the_last_snapshot()
    {
        await using var db = await demo.Store.ContextAsync();
        var dates = await db.UsageRows.Select(u => u.SnapshotDate).Distinct().OrderBy(d => d).ToListAsync();

        Assert.Equal(26, dates.Count);
        Assert.Equal(LastSnapshot, dates[^1]);
        Assert.Equal(LastSnapshot.AddDays(-7 * 25), dates[0]);
        Assert.All(dates, d => Assert.Equal(LastSnapshot.DayOfWeek, d.DayOfWeek));
    }

    [Fact]
    public async Task Names_collide_and_prefix_each_other_but_stay_distinct()
    {
        await using var db = await demo.Store.ContextAsync();
        var names = await db.Accounts.Select(a => a.Name).ToListAsync();

        Assert.Contains("Acme Corp", names);
        Assert.Contains("Acme Labs", names);
        Assert.Equal(new[] { "Acme Corp", "Acme Labs" }, names.Where(n => n.StartsWith("Acme", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
        Assert.Contains("Globex", names);
        Assert.Contains("Globex Europe", names);
        Assert.Contains("Northwind Traders", names);
        Assert.Contains("Northwind Traders (EMEA)", names);
        Assert.Contains("Wingtip Toys, Inc.", names); // survived CSV quoting
        Assert.Contains("Müller Logistik GmbH", names); // and UTF-8
        Assert.Contains(names, n => n.EndsWith(" (AMER)", StringComparison.Ordinal) || n.EndsWith(" (APAC)", StringComparison.Ordinal) || n.EndsWith(" (EMEA)", StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Select(NameKey.From).Distinct(StringComparer.Ordinal).Count());

        // more prefix collisions than the fixed ones: some brand is used by three or more accounts
        Assert.Contains(names.GroupBy(n => n.Split(' ')[0], StringComparer.Ordinal), g => g.Count() >= 3);
    }

    [Fact]
    public async Task Accounts_have_segments_regions_and_people_from_a_small_pool()
    {
        await using var db = await demo.Store.ContextAsync();
        var accounts = await db.Accounts.ToListAsync();

        Assert.Equal(new[] { "enterprise", "mid-market", "smb" }, accounts.Select(a => a.Segment!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "amer", "apac", "emea" }, accounts.Select(a => a.Region!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(accounts, a => a.CsmEmail is null);
        Assert.All(accounts, a => Assert.NotNull(a.OwnerEmail));
        Assert.InRange(accounts.Count(a => a.CsmEmail == "jo@example.com"), 20, 300);
        Assert.InRange(accounts.Count(a => a.OwnerEmail == "sam@example.com"), 20, 300);
        Assert.InRange(accounts.Select(a => a.CsmEmail).Concat(accounts.Select(a => a.OwnerEmail)).OfType<string>().Distinct().Count(), 2, 15);
    }

    [Fact]
    public async Task Subscriptions_have_plans_arr_by_segment_deliveries_and_tenures()
    {
        await using var db = await demo.Store.ContextAsync();
        var rows = await db.Subscriptions.Include(s => s.Account).ToListAsync();

        Assert.Equal(new[] { "premium", "ultimate" }, rows.Select(s => s.Plan).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "saas", "self-managed" }, rows.Select(s => s.Delivery!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(rows, s => s.ArrCents == 0);
        Assert.Contains(rows, s => s.ArrCents % 100 != 0); // some with cents
        foreach (var s in rows.Where(s => s.ArrCents > 0))
        {
            var (low, high) = s.Account!.Segment switch
            {
                "enterprise" => (250_000_00L, 2_000_000_00L),
                "mid-market" => (50_000_00L, 250_000_00L),
                _ => (5_000_00L, 50_000_00L),
            };
            Assert.InRange(s.ArrCents, low, high);
        }

        var months = rows.Select(s => (LastSnapshot.DayNumber - s.CustomerSince!.Value.DayNumber) / 30.44).ToList();
        Assert.Contains(months, m => m < 3);
        Assert.Contains(months, m => m is >= 3 and < 7);
        Assert.Contains(months, m => m is >= 7 and < 10);
        Assert.Contains(months, m => m >= 48);
        Assert.All(months, m => Assert.InRange(m, 0, 61));
    }

    [Fact]
    public async Task Some_accounts_have_several_subscriptions_and_some_subscriptions_several_instances()
    {
        await using var db = await demo.Store.ContextAsync();
        var perAccount = await db.Subscriptions.GroupBy(s => s.AccountId).Select(g => g.Count()).ToListAsync();
        var perSubscription = await db.Instances.GroupBy(i => i.SubscriptionId).Select(g => g.Count()).ToListAsync();
        var types = await db.Instances.Select(i => i.InstanceType).Distinct().ToListAsync();

        Assert.Contains(2, perAccount);
        Assert.Contains(3, perAccount);
        Assert.True(perAccount.Count(n => n == 1) > perAccount.Count / 2, "mostly one subscription per account");
        Assert.Contains(perSubscription, n => n >= 2);
        Assert.Contains(perSubscription, n => n == 3);
        Assert.Equal(new[] { "geo-secondary", "non-production", "production" }, types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Usage_has_unknown_cells_and_consistent_user_counts()
    {
        await using var db = await demo.Store.ContextAsync();
        var columns = await db.MetricColumns.ToDictionaryAsync(c => c.Name, c => c.Ordinal);
        var rows = await db.UsageRows.Where(u => u.SnapshotDate == LastSnapshot).Select(u => u.Metrics).ToListAsync();
        var slots = rows.Select(r => r.Split(',')).ToList();
        string Cell(string[] row, string column) => columns[column] < row.Length ? row[columns[column]] : string.Empty;

        Assert.Equal(demo.Store.Model.InputColumns.Order(StringComparer.Ordinal), columns.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(slots, row => row.Length < columns.Count || row.Any(string.IsNullOrEmpty)); // some cells are empty
        Assert.True(slots.Count(row => row.Length == columns.Count && row.All(c => c.Length > 0)) > slots.Count / 2, "most rows are complete");
        Assert.Contains(slots, row => Cell(row, "coverage_fuzzing_scans_28d") == "0"); // some scanners unused

        foreach (var row in slots)
        {
            if (!long.TryParse(Cell(row, "billable_users"), CultureInfo.InvariantCulture, out var billable))
            {
                continue;
            }

            foreach (var users in (string[])["active_users_28d", "git_operation_users_28d", "deployment_users_28d", "secure_scanner_users_28d"])
            {
                if (long.TryParse(Cell(row, users), CultureInfo.InvariantCulture, out var n))
                {
                    Assert.InRange(n, 0, billable);
                }
            }

            if (long.TryParse(Cell(row, "licensed_users"), CultureInfo.InvariantCulture, out var licensed))
            {
                Assert.InRange(billable, 1, licensed); // a replica or test server counts part of the same seats
            }
        }
    }

    [Fact]
    public async Task Every_color_appears_for_every_use_case_and_every_level_is_reached()
    {
        var scores = await ScoreAsync(LastSnapshot);

        foreach (var useCase in demo.Store.Model.UseCases)
        {
            var colors = scores.Select(s => s.UseCases.Single(u => u.UseCaseId == useCase.Id).Color).ToList();
            foreach (var color in Enum.GetValues<HealthColor>())
            {
                Assert.True(colors.Count(c => c == color) >= 3, $"{useCase.Id}: {color} appears {colors.Count(c => c == color)} time(s)");
            }
        }

        foreach (var level in demo.Store.Model.LevelLabels)
        {
            Assert.True(scores.Count(s => s.Level.Label == level) >= 3, $"level {level}: {scores.Count(s => s.Level.Label == level)} account(s)");
        }

        Assert.Contains(scores, s => s.Stale); // went dark more than 60 days ago
        Assert.Contains(scores, s => s.DataAsOf is null); // never reported
        foreach (var color in (HealthColor[])[HealthColor.Red, HealthColor.Yellow, HealthColor.Green])
        {
            Assert.Contains(scores, s => s.LicenseUtilization.Color == color);
            Assert.Contains(scores, s => s.Engagement.Color == color);
        }
    }

    [Fact]
    public async Task The_named_accounts_report_usage_up_to_the_last_snapshot()
    {
        await using var db = await demo.Store.ContextAsync();
        foreach (var name in (string[])["Acme Corp", "Acme Labs", "Globex", "Globex Europe"])
        {
            var id = await db.Accounts.Where(a => a.Name == name).Select(a => a.AccountId).SingleAsync();
            var latest = await db.UsageRows
                .Where(u => db.Subscriptions.Any(s => s.SubscriptionId == u.SubscriptionId && s.AccountId == id))
                .MaxAsync(u => (DateOnly?)u.SnapshotDate);
            Assert.Equal(LastSnapshot, latest);
        }

        Assert.DoesNotContain(await db.Accounts.ToListAsync(), a => a.CsmEmail is not null && a.CsmEmail == a.OwnerEmail);
    }

    [Fact]
    public async Task Scores_move_over_time_with_accounts_crossing_into_and_out_of_platform_adoption()
    {
        var before = (await ScoreAsync(LastSnapshot.AddDays(-7 * 13))).ToDictionary(s => s.AccountId, StringComparer.Ordinal);
        var after = await ScoreAsync(LastSnapshot);
        var platform = demo.Store.Model.LevelLabels[demo.Store.Model.PlatformThreshold];

        var joined = after.Count(s => s.Level.Label == platform && before[s.AccountId].Level.Label is var b && b != platform && b != AdoptionLevel.NoDataLabel);
        var left = after.Count(s => s.Level.Label != platform && !s.Level.IsNoData && before[s.AccountId].Level.Label == platform);
        var changed = after.Count(s => s.AdoptionScore != before[s.AccountId].AdoptionScore);

        Assert.True(joined >= 3, $"{joined} account(s) reached {platform}");
        Assert.True(left >= 3, $"{left} account(s) fell out of {platform}");
        Assert.InRange(changed, 30, 250);
    }

    [Fact]
    public void Progress_reports_each_file()
    {
        var lines = demo.Progress.Lines;

        Assert.StartsWith("demo data: 300 accounts, ", lines[0], StringComparison.Ordinal);
        Assert.Contains("accounts: 300", lines);
        Assert.Contains($"subscriptions: {demo.Result.Subscriptions}", lines);
        Assert.Equal($"usage rows: {demo.Result.UsageRows}", lines[^1]);
    }

    [Fact]
    public async Task Seeding_a_store_that_has_accounts_throws_and_changes_nothing()
    {
        var before = await ChecksumAsync(demo.Store);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            demo.Store.Seeder.SeedAsync(5, 2, LastSnapshot, null, CancellationToken.None));

        Assert.StartsWith("The store is not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ChecksumAsync(demo.Store));
    }

    [Fact]
    public async Task Seeding_twice_into_a_fresh_store_throws_the_second_time()
    {
        await using var store = new DemoStore();
        await store.Seeder.SeedAsync(20, 3, LastSnapshot, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.Seeder.SeedAsync(20, 3, LastSnapshot, null, CancellationToken.None));
        Assert.StartsWith("The store is not empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_arguments_give_identical_data_in_another_store()
    {
        await using var other = new DemoStore();
        var result = await other.Seeder.SeedAsync(DemoSeeder.DefaultAccounts, DemoSeeder.DefaultWeeks, LastSnapshot, null, CancellationToken.None);

        Assert.Equal(demo.Result with { Elapsed = TimeSpan.Zero }, result with { Elapsed = TimeSpan.Zero });
        Assert.Equal(await ChecksumAsync(demo.Store), await ChecksumAsync(other));
    }

    [Fact]
    public async Task A_different_last_snapshot_shifts_the_dates_only()
    {
        await using var other = new DemoStore();
        var result = await other.Seeder.SeedAsync(DemoSeeder.DefaultAccounts, DemoSeeder.DefaultWeeks, LastSnapshot.AddDays(7), null, CancellationToken.None);
        await using var db = await other.ContextAsync();
        await using var original = await demo.Store.ContextAsync();

        Assert.Equal(LastSnapshot.AddDays(7), await db.UsageRows.MaxAsync(u => u.SnapshotDate));
        Assert.Equal(
            await original.Accounts.OrderBy(a => a.AccountId).Select(a => a.Name).ToListAsync(),
            await db.Accounts.OrderBy(a => a.AccountId).Select(a => a.Name).ToListAsync());
        Assert.Equal(demo.Result.Subscriptions, result.Subscriptions);
    }

    [Fact]
    public async Task A_model_with_other_input_columns_gets_small_counts_in_them()
    {
        var resource = typeof(ScoringModel).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("gitlab-current.json", StringComparison.Ordinal));
        await using var json = typeof(ScoringModel).Assembly.GetManifestResourceStream(resource)!;
        var file = JsonNode.Parse(json)!;
        file["inputColumns"]!.AsArray().Add("wiki_page_views_28d");
        await using var store = new DemoStore(ScoringModel.Load(file.ToJsonString()));

        var result = await store.Seeder.SeedAsync(50, 4, LastSnapshot, null, CancellationToken.None);

        await using var db = await store.ContextAsync();
        var slot = await db.MetricColumns.Where(c => c.Name == "wiki_page_views_28d").Select(c => c.Ordinal).SingleAsync();
        var cells = (await db.UsageRows.Select(u => u.Metrics).ToListAsync()).Select(m => m.Split(',')).Select(m => slot < m.Length ? m[slot] : string.Empty).ToList();
        Assert.Equal(result.UsageRows, cells.Count);
        Assert.All(cells.Where(c => c.Length > 0), c => Assert.InRange(long.Parse(c, CultureInfo.InvariantCulture), 0, 49));
        Assert.True(cells.Count(c => c.Length > 0) > cells.Count * 9 / 10);
    }

    [Theory]
    [InlineData(0, 26)]
    [InlineData(300, 0)]
    public async Task Rejects_empty_sizes(int accounts, int weeks)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            demo.Store.Seeder.SeedAsync(accounts, weeks, LastSnapshot, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_seed_writes_no_usage()
    {
        await using var store = new DemoStore();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOn("subscriptions:", cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.Seeder.SeedAsync(2_000, 26, LastSnapshot, progress, cancel.Token));

        await using var db = await store.ContextAsync();
        Assert.Equal(0, await db.UsageRows.CountAsync());
    }

    /// <summary>Scores every account as of a date with the pure engine, from the store's rows (newest row per instance on or before the date).</summary>
    private async Task<List<AccountScore>> ScoreAsync(DateOnly asOf)
    {
        var model = demo.Store.Model;
        await using var db = await demo.Store.ContextAsync();
        var ordinals = await db.MetricColumns.ToListAsync();
        var slotToInput = new int[ordinals.Max(c => c.Ordinal) + 1];
        foreach (var c in ordinals)
        {
            slotToInput[c.Ordinal] = model.IndexOfInput(c.Name);
        }

        var rows = await db.UsageRows.Where(u => u.SnapshotDate <= asOf).ToListAsync();
        var usage = rows
            .GroupBy(u => u.InstanceId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(u => u.SnapshotDate)!)
            .ToLookup(u => u.SubscriptionId, u =>
            {
                var values = new double?[model.InputColumns.Count];
                MetricColumns.Decode(u.Metrics, slotToInput, values);
                return new UsageSnapshot(u.InstanceId, u.InstanceType, u.SnapshotDate, values);
            }, StringComparer.Ordinal);
        var subscriptions = await db.Subscriptions.ToListAsync();
        var engine = new ScoringEngine(model);
        return (await db.Accounts.Select(a => a.AccountId).ToListAsync())
            .Select(id => engine.Score(new AccountInput(id, subscriptions
                .Where(s => s.AccountId == id)
                .OrderBy(s => s.SubscriptionId, StringComparer.Ordinal)
                .Select(s => new SubscriptionInput(s.SubscriptionId, s.Plan, s.ArrCents / 100m, s.CustomerSince, usage[s.SubscriptionId].ToList()))
                .ToList()), asOf))
            .ToList();
    }

    /// <summary>A digest of everything the seeder wrote except the import timestamps.</summary>
    internal static async Task<string> ChecksumAsync(DemoStore store)
    {
        await using var db = await store.ContextAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string line) => hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));

        foreach (var a in await db.Accounts.OrderBy(a => a.AccountId).ToListAsync())
        {
            Add($"{a.AccountId}|{a.Name}|{a.NameKey}|{a.Segment}|{a.Region}|{a.CsmEmail}|{a.OwnerEmail}");
        }

        foreach (var s in await db.Subscriptions.OrderBy(s => s.SubscriptionId).ToListAsync())
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{s.SubscriptionId}|{s.AccountId}|{s.Plan}|{s.ArrCents}|{s.Delivery}|{s.CustomerSince}"));
        }

        foreach (var i in await db.Instances.OrderBy(i => i.InstanceId).ToListAsync())
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{i.InstanceId}|{i.SubscriptionId}|{i.InstanceType}|{i.LastSnapshotDate}"));
        }

        foreach (var c in await db.MetricColumns.OrderBy(c => c.Ordinal).ToListAsync())
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{c.Ordinal}|{c.Name}"));
        }

        await foreach (var u in db.UsageRows.OrderBy(u => u.InstanceId).ThenBy(u => u.SnapshotDate).AsNoTracking().AsAsyncEnumerable())
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"{u.InstanceId}|{u.SnapshotDate}|{u.SubscriptionId}|{u.InstanceType}|{u.Metrics}"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed class CancelOn(string prefix, CancellationTokenSource cancel) : IProgress<string>
    {
        public void Report(string value)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
