using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Import;

public sealed class CsvImporterTests
{
    private static readonly string[] UsageColumns =
        ["billable_users", "licensed_users", "git_operation_users_28d", "ci_builds_28d", "deployments_28d"];

    private const string Accounts = """
        account_id,name,segment,region,csm,owner
        A-1,Acme Corp,enterprise,emea,jo@example.com,sam@example.com
        A-2,Acme Labs,smb,amer,,Sam@Example.com
        """;

    private const string Subscriptions = """
        subscription_id,account_id,plan,arr,delivery,customer_since
        S-1,A-1,ultimate,250000,self-managed,2023-04-01
        S-2,A-1,premium,1000.50,saas,
        S-3,A-2,premium,0,,
        """;

    /// <summary>Today as the tests' clock has it (what the host passes from Scoring:TimeZone).</summary>
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static CsvImporter Importer(TestStore store) =>
        new(store.Connection, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance);

    private static Task<ImportResult> Import(TestStore store, ImportKind kind, string csv) =>
        Importer(store).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), UsageColumns, Today, null, CancellationToken.None);

    private static async Task SeedAccountsAndSubscriptions(TestStore store)
    {
        Assert.True((await Import(store, ImportKind.Accounts, Accounts)).Succeeded);
        Assert.True((await Import(store, ImportKind.Subscriptions, Subscriptions)).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Accounts_are_imported_with_normalized_keys_and_emails(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var result = await Import(store, ImportKind.Accounts, Accounts);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.RowsRead);
        await using var db = await store.Contexts.CreateDbContextAsync();
        var labs = await db.Accounts.SingleAsync(a => a.AccountId == "A-2");
        Assert.Equal("Acme Labs", labs.Name);
        Assert.Equal("acme labs", labs.NameKey);
        Assert.Equal("sam@example.com", labs.OwnerEmail);
        Assert.Null(labs.CsmEmail);
        Assert.Equal(DateTimeKind.Utc, labs.UpdatedAtUtc.Kind);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reimporting_the_same_keys_updates_rows_instead_of_duplicating(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAccountsAndSubscriptions(store);
        var again = await Import(store, ImportKind.Subscriptions, """
            subscription_id,account_id,plan,arr
            S-1,A-1,ultimate,300000.25
            """);

        Assert.True(again.Succeeded);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(3, await db.Subscriptions.CountAsync());
        var s1 = await db.Subscriptions.SingleAsync(s => s.SubscriptionId == "S-1");
        Assert.Equal(30_000_025, s1.ArrCents);
        Assert.Null(s1.Delivery);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Usage_metrics_round_trip_through_the_vector_with_empty_cells_unknown(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAccountsAndSubscriptions(store);
        var result = await Import(store, ImportKind.Usage, """
            instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users,ci_builds_28d,git_operation_users_28d
            i-1,S-1,production,2026-11-16,400,500,9200,
            i-1,S-1,,2026-11-09,390,500,,170
            i-2,S-1,non-production,2026-11-16,5,,,
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        await using var db = await store.Contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var ordinals = await MetricColumns.LoadAsync(connection, null, CancellationToken.None);
        var slotToInput = new int[ordinals.Values.Max() + 1];
        Array.Fill(slotToInput, -1);
        foreach (var (name, ordinal) in ordinals)
        {
            slotToInput[ordinal] = Array.IndexOf(UsageColumns, name);
        }

        var latest = await db.UsageRows.SingleAsync(u => u.InstanceId == "i-1" && u.SnapshotDate == new DateOnly(2026, 11, 16));
        var values = new double?[UsageColumns.Length];
        MetricColumns.Decode(latest.Metrics, slotToInput, values);
        Assert.Equal([400, 500, null, 9200, null], values);

        var older = await db.UsageRows.SingleAsync(u => u.InstanceId == "i-1" && u.SnapshotDate == new DateOnly(2026, 11, 9));
        Assert.Equal("production", older.InstanceType);
        MetricColumns.Decode(older.Metrics, slotToInput, values);
        Assert.Equal([390, 500, 170, null, null], values);

        var instances = await db.Instances.OrderBy(i => i.InstanceId).ToListAsync();
        Assert.Equal(["i-1", "i-2"], instances.Select(i => i.InstanceId));
        Assert.Equal(new DateOnly(2026, 11, 16), instances[0].LastSnapshotDate);
        Assert.Equal("non-production", instances[1].InstanceType);
    }

    /// <summary>
    /// Issue 10: a file with fewer metric columns than the dictionary knows left the missing slots pointing at field 0,
    /// so the instance id landed in the vector and every later read failed. Here the dictionary first learns three
    /// columns, then files bring a subset, another order, and one more column.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_usage_file_with_fewer_metric_columns_reads_back_as_written(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAccountsAndSubscriptions(store);
        Assert.True((await Import(store, ImportKind.Usage,
            "instance_id,subscription_id,snapshot_date,billable_users,licensed_users,git_operation_users_28d\ni-1,S-1,2026-11-16,400,300,180\n")).Succeeded);
        var fewer = await Import(store, ImportKind.Usage,
            "instance_id,subscription_id,snapshot_date,billable_users,git_operation_users_28d\ni-2,S-2,2026-11-16,400,180\n");
        var reordered = await Import(store, ImportKind.Usage,
            "git_operation_users_28d,snapshot_date,instance_id,ci_builds_28d,subscription_id\n7,2026-11-16,i-3,9,S-3\n");

        Assert.True(fewer.Succeeded, string.Join("; ", fewer.Errors));
        Assert.True(reordered.Succeeded, string.Join("; ", reordered.Errors));
        var stored = await StoredMetricsAsync(store);
        Assert.Equal([400, 300, 180, null, null], stored[("i-1", new DateOnly(2026, 11, 16))]);
        Assert.Equal([400, null, 180, null, null], stored[("i-2", new DateOnly(2026, 11, 16))]);
        Assert.Equal([null, null, 7, 9, null], stored[("i-3", new DateOnly(2026, 11, 16))]);
    }

    /// <summary>Every stored usage row decoded into <see cref="UsageColumns"/> order (null = unknown).</summary>
    private static async Task<Dictionary<(string Instance, DateOnly Date), double?[]>> StoredMetricsAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var ordinals = await MetricColumns.LoadAsync(connection, null, CancellationToken.None);
        var slotToInput = new int[ordinals.Count == 0 ? 0 : ordinals.Values.Max() + 1];
        Array.Fill(slotToInput, -1);
        foreach (var (name, ordinal) in ordinals)
        {
            slotToInput[ordinal] = Array.IndexOf(UsageColumns, name);
        }

        var result = new Dictionary<(string, DateOnly), double?[]>();
        foreach (var row in await db.UsageRows.AsNoTracking().ToListAsync())
        {
            var values = new double?[UsageColumns.Length];
            Assert.True(MetricColumns.Decode(row.Metrics, slotToInput, values) == 0, $"{row.InstanceId} {row.SnapshotDate}: '{row.Metrics}' does not decode");
            result[(row.InstanceId, row.SnapshotDate)] = values;
        }

        return result;
    }

    /// <summary>
    /// The SQLite writer binds many rows per statement and the pipeline hands rows over in batches of thousands;
    /// the small files above fit in one of each. These files cross both boundaries, have non-ASCII ids and arrive out of
    /// date order; the second rewrites keys of the first (some with fewer metrics) close together and far apart, and
    /// adds new ones: every stored row must be the last one written for its key, and every instance its newest date.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Large_usage_files_keep_the_last_row_of_every_key_across_statements_and_batches(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAccountsAndSubscriptions(store);
        var expected = new Dictionary<(string Instance, DateOnly Date), (string Subscription, string Vector)>();
        var newest = new Dictionary<string, DateOnly>();
        StringBuilder csv = new();
        var line = 0;
        void Row(string instance, string subscription, DateOnly date, int billable, int? licensed)
        {
            csv.Append(instance).Append(',').Append(subscription).Append(',').Append(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(billable).Append(',').Append(licensed).Append('\n');
            expected[(instance, date)] = (subscription, licensed is null ? $"{billable}" : $"{billable},{licensed}");
            newest[instance] = newest.TryGetValue(instance, out var seen) && seen > date ? seen : date;
            line++;
        }

        static string Instance(int i) => i % 7 == 0 ? $"inst-ü-{i}" : $"inst-{i}";
        var weeks = new[] { new DateOnly(2026, 11, 16), new DateOnly(2026, 10, 5), new DateOnly(2026, 11, 2) };
        csv.Append("instance_id,subscription_id,snapshot_date,billable_users,licensed_users\n");
        for (var i = 0; i < 1_700; i++)
        {
            foreach (var week in weeks)
            {
                Row(Instance(i), i % 2 == 0 ? "S-1" : "S-2", week, i, i % 5 == 0 ? null : i + 10);
            }
        }

        var first = await Import(store, ImportKind.Usage, csv.ToString());
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal(line, first.RowsRead);
        Assert.True(line > 5_000, "the file must cross several writer batches");

        csv.Clear().Append("instance_id,subscription_id,snapshot_date,billable_users,licensed_users\n");
        line = 0;
        for (var i = 0; i < 1_700; i++)
        {
            if (i % 11 == 0)
            {
                // Rewritten keys in runs close together (inside one multi-row statement) ...
                Row(Instance(i), "S-3", weeks[0], i + 1_000_000, i % 2 == 0 ? null : 7);
            }

            if (i % 401 == 0)
            {
                // ... and far apart (other batches), beside keys the store has not seen.
                Row(Instance(1_699 - i), "S-1", weeks[1], 42 + i, null);
                Row(Instance(i), "S-2", new DateOnly(2026, 11, 20), 5, 6);
            }
        }

        var second = await Import(store, ImportKind.Usage, csv.ToString());
        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        Assert.Equal(line, second.RowsRead);

        await using var db = await store.Contexts.CreateDbContextAsync();
        var stored = await db.UsageRows.AsNoTracking().ToListAsync();
        Assert.Equal(expected.Count, stored.Count);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var ordinals = await MetricColumns.LoadAsync(connection, null, CancellationToken.None);
        Assert.Equal(0, ordinals["billable_users"]);
        Assert.Equal(1, ordinals["licensed_users"]);
        foreach (var row in stored)
        {
            var want = expected[(row.InstanceId, row.SnapshotDate)];
            Assert.Equal((want.Subscription, want.Vector), (row.SubscriptionId, row.Metrics));
        }

        var instances = await db.Instances.AsNoTracking().ToDictionaryAsync(i => i.InstanceId, i => i.LastSnapshotDate);
        Assert.Equal(newest.Count, instances.Count);
        foreach (var (instance, date) in newest)
        {
            Assert.Equal(date, instances[instance]);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_older_usage_import_does_not_move_an_instance_back_in_time(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await SeedAccountsAndSubscriptions(store);
        Assert.True((await Import(store, ImportKind.Usage, "instance_id,subscription_id,snapshot_date,billable_users\ni-1,S-1,2026-11-16,10\n")).Succeeded);
        Assert.True((await Import(store, ImportKind.Usage, "instance_id,subscription_id,snapshot_date,billable_users\ni-1,S-2,2026-10-01,10\n")).Succeeded);

        await using var db = await store.Contexts.CreateDbContextAsync();
        var instance = await db.Instances.SingleAsync();
        Assert.Equal(new DateOnly(2026, 11, 16), instance.LastSnapshotDate);
        Assert.Equal("S-1", instance.SubscriptionId);
        Assert.Equal(2, await db.UsageRows.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task One_bad_row_at_the_end_means_nothing_is_written(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var csv = new StringBuilder("account_id,name\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append("A-").Append(i).Append(",Company ").Append(i).Append('\n');
        }

        csv.Append("A-last,\n");
        var result = await Import(store, ImportKind.Accounts, csv.ToString());

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(5002, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Contains("name is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.RowsWritten);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task Unknown_columns_are_named_and_the_known_ones_listed()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Accounts, "account_id,name,segmnt\nA-1,Acme,smb\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Contains("unknown column 'segmnt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("account_id, name, segment, region, csm, owner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_in_the_wrong_case_gets_a_did_you_mean()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Usage, "instance_id,subscription_id,snapshot_date,Billable_Users\n");

        Assert.Contains(result.Errors, e => e.Message.Contains("did you mean 'billable_users'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_required_columns_are_reported()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Subscriptions, "subscription_id,plan\nS-1,premium\n");

        Assert.Equal(["account_id", "arr"], result.Errors.Select(e => e.ColumnName));
        Assert.All(result.Errors, e => Assert.Contains("required column", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bad_cell_is_reported_with_line_and_column()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        await SeedAccountsAndSubscriptions(store);
        var result = await Import(store, ImportKind.Usage, """
            instance_id,subscription_id,instance_type,snapshot_date,billable_users,ci_builds_28d
            i-1,S-1,production,2026-11-16,400,12.5
            i-2,S-404,production,16/11/2026,-3,
            i-3,S-1,staging,2026-11-16,1,2
            i-4,S-1,production,2026-11-16,1
            """);

        Assert.False(result.Succeeded);
        Assert.Equal(6, result.TotalErrors);
        Assert.Equal(
            [
                "line 2, column 6 (ci_builds_28d): ci_builds_28d '12.5' is not a whole number >= 0 (leave the cell empty when unknown)",
                "line 3, column 2 (subscription_id): subscription_id 'S-404' does not exist (import subscriptions first)",
                "line 3, column 4 (snapshot_date): snapshot_date '16/11/2026' is not a date in yyyy-MM-dd form",
                "line 3, column 5 (billable_users): billable_users '-3' is not a whole number >= 0 (leave the cell empty when unknown)",
                "line 4, column 3 (instance_type): instance_type 'staging' is not one of: production, non-production, obsolete, unknown, geo-secondary",
                "line 5: expected 6 fields as in the header, found 5",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("007", null)]
    [InlineData("999999999999999999", null)]
    [InlineData("9223372036854775807", null)]
    [InlineData("0000000000000000000000000000042", null)]
    [InlineData("9223372036854775808", "is too large (at most 9223372036854775807)")]
    [InlineData("99999999999999999999", "is too large (at most 9223372036854775807)")]
    [InlineData("+5", "is not a whole number >= 0 (leave the cell empty when unknown)")]
    [InlineData("1e3", "is not a whole number >= 0 (leave the cell empty when unknown)")]
    [InlineData("１２", "is not a whole number >= 0 (leave the cell empty when unknown)")]
    public async Task A_count_must_be_a_whole_number_that_fits_64_bits(string cell, string? refusal)
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        await SeedAccountsAndSubscriptions(store);
        var result = await Import(store, ImportKind.Usage, $"instance_id,subscription_id,snapshot_date,billable_users\ni-1,S-1,2026-11-16,{cell}\n");

        Assert.Equal(refusal is null, result.Succeeded);
        if (refusal is not null)
        {
            Assert.Equal($"line 2, column 4 (billable_users): billable_users '{cell}' {refusal}", Assert.Single(result.Errors).ToString());
        }
    }

    [Fact]
    public async Task At_most_100_errors_are_listed_but_all_are_counted()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var csv = new StringBuilder("account_id,name,csm\n");
        for (var i = 0; i < 250; i++)
        {
            csv.Append("A-").Append(i).Append(",Name,not-an-email\n");
        }

        var result = await Import(store, ImportKind.Accounts, csv.ToString());

        Assert.Equal(250, result.TotalErrors);
        Assert.Equal(CsvImporter.MaxReportedErrors, result.Errors.Count);
    }

    [Fact]
    public async Task Arr_with_thousands_separators_or_fractions_of_cents_is_rejected()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        Assert.True((await Import(store, ImportKind.Accounts, Accounts)).Succeeded);
        var result = await Import(store, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,premium,\"1,000\"\nS-2,A-1,premium,10.005\nS-3,A-1,premium,-5\n");

        Assert.Equal(3, result.TotalErrors);
        Assert.Contains("more than two decimal places", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_order_mark_and_quoted_fields_are_accepted()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("account_id,name\nA-1,\"Acme, \"\"the\"\" Corp\"\n")).ToArray();
        var result = await Importer(store).ImportAsync(ImportKind.Accounts, new MemoryStream(bytes), UsageColumns, Today, null, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal("Acme, \"the\" Corp", (await db.Accounts.SingleAsync()).Name);
    }

    [Fact]
    public async Task Malformed_csv_is_rejected_with_nothing_written()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Accounts, "account_id,name\nA-1,\"Acme\" Corp\nA-2,Fine\n");

        Assert.False(result.Succeeded);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_rejected_naming_the_line_and_column_of_the_bad_bytes()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        // "Müller" in Latin-1: 0xFC is not valid UTF-8. It sits on line 3; the decoder reads the whole file at once.
        var bytes = Encoding.ASCII.GetBytes("account_id,name\nA-1,Fine\nA-2,M").Concat(new byte[] { 0xFC }).Concat(Encoding.ASCII.GetBytes("ller\nA-3,Fine\n")).ToArray();
        var result = await Importer(store).ImportAsync(ImportKind.Accounts, new MemoryStream(bytes), UsageColumns, Today, null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("line 3, column 2 (name): name is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)", Assert.Single(result.Errors).ToString());
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Accounts.CountAsync());
    }

    /// <summary>
    /// The decoder works 64 KiB at a time, far ahead of the parser: bad bytes deep in a large file, in a quoted cell and
    /// in a file without a trailing line break, are still named by their own line and cell.
    /// </summary>
    [Fact]
    public async Task Invalid_utf8_deep_in_a_large_file_is_named_by_its_own_line_and_column()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("account_id,name,segment\n"));
        for (var i = 2; i <= 20_000; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes($"A-{i},\"Müller, {i}\","));
            bytes.AddRange(i switch
            {
                15_000 => [(byte)'s', 0xC0, 0xAF, (byte)'b'],
                19_999 => [0xED, 0xA0, 0x80],
                _ => "smb"u8.ToArray(),
            });
            if (i < 20_000)
            {
                bytes.Add((byte)'\n');
            }
        }

        bytes.AddRange(new byte[] { (byte)'x', 0xF8 });
        var result = await Importer(store).ImportAsync(ImportKind.Accounts, new MemoryStream([.. bytes]), UsageColumns, Today, null, CancellationToken.None);

        Assert.Equal(
            [
                "line 15000, column 3 (segment): segment is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)",
                "line 19999, column 3 (segment): segment is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)",
                "line 20000, column 3 (segment): segment is not valid UTF-8 (save the file as UTF-8; a byte-order mark is allowed)",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_utf16_file_is_refused_as_utf16()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("account_id,name\nA-1,Acme\n")).ToArray();
        var result = await Importer(store).ImportAsync(ImportKind.Accounts, new MemoryStream(bytes), UsageColumns, Today, null, CancellationToken.None);

        Assert.Equal("line 1: the file is UTF-16: save it as UTF-8 (a byte-order mark is allowed)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_is_reported_with_its_line()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Accounts, "account_id,name\nA-1,Fine\nA-2,\"Acme\nA-3,Other\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("line 3:", error, StringComparison.Ordinal);
        Assert.Contains("not closed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_an_error()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var result = await Import(store, ImportKind.Accounts, string.Empty);

        Assert.Equal("line 1: the file is empty: expected a header row", Assert.Single(result.Errors).ToString());
    }
}
