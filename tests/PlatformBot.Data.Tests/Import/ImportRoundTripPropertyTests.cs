using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Import;

/// <summary>
/// The import contract as a property: a sequence of accepted usage files, each with a random subset of the metric
/// columns in a random order, empty cells, edge values (0, 18- and 19-digit counts up to long.MaxValue, leading zeros),
/// unicode ids, quoted fields and either line ending, reads back exactly as the last file that wrote each key said,
/// and every instance points at its newest row. Each sample writes its own ids (a prefix per sample) into one store,
/// so samples, and the shrinking of a failure, never see each other's rows, while the metric dictionary they share
/// keeps growing, which is what exposed issue 10.
/// Reproduce a failure with the seed CsCheck prints: <c>CsCheck_Seed=... dotnet test --filter ImportRoundTrip</c>;
/// <c>CsCheck_Iter=N</c> runs more (or fewer) samples than the default.
/// </summary>
public sealed class ImportRoundTripPropertyTests
{
    private const int DefaultIterations = 40;
    private static readonly string[] Metrics = ["billable_users", "licensed_users", "git_operation_users_28d", "ci_builds_28d", "deployments_28d"];
    private static readonly string[] SubscriptionIds = ["S-1", "S-2", "S-3"];
    private static readonly DateOnly[] Dates = [new(2026, 11, 16), new(2026, 11, 9), new(2026, 10, 5), new(2000, 1, 1)];
    private static readonly string[] Types = ["", "production", "Non-Production", "obsolete", "unknown", "GEO-SECONDARY"];
    private static readonly string[] IdPieces = ["i", "-", "7", "ü", "实例", "😀", ",", "\"", "a b", "Ω", "'", ";"];
    private static int s_prefix;

    private static readonly Gen<string> Count = Gen.Frequency(
        (3, Gen.Const(string.Empty)),
        (2, Gen.Const("0")),
        (3, Gen.Long[1, 100_000].Select(Invariant)),
        (2, Gen.Long[100_000_000_000_000_000, 999_999_999_999_999_999].Select(Invariant)),
        (2, Gen.Long[1_000_000_000_000_000_000, long.MaxValue].Select(Invariant)),
        (1, Gen.Const(long.MaxValue.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long[0, 999].Select(v => "00" + Invariant(v))));

    private static readonly Gen<RowSpec> Row = Gen.Select(
        Gen.Int[0, 4], Gen.Int[0, Dates.Length - 1], Gen.Int[0, SubscriptionIds.Length - 1], Gen.Int[0, Types.Length - 1],
        Count.Array[Metrics.Length], Gen.Int.Uniform,
        (instance, date, subscription, type, values, quotes) => new RowSpec(instance, date, subscription, type, values, quotes));

    private static readonly Gen<FileSpec> File = Gen.Select(
        Gen.Int[0, (1 << Metrics.Length) - 1], Gen.Bool, Gen.Int.Uniform.Array[4 + Metrics.Length], Gen.Bool, Gen.Bool, Row.List[1, 12],
        (mask, withType, order, crlf, bom, rows) => new FileSpec(mask, withType, order, crlf, bom, rows));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(
        Gen.OneOf(IdPieces).Array[1, 4].Select(p => string.Concat(p)).Array[1, 5], File.List[1, 4],
        (ids, files) => new Scenario(ids, files));

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_accepted_usage_file_reads_back_as_the_last_file_that_wrote_each_key(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var importer = new CsvImporter(store.Connection, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance);
        Assert.True((await Import(importer, ImportKind.Accounts, "account_id,name\nA-1,Acme\n")).Succeeded);
        Assert.True((await Import(importer, ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,ultimate,1\nS-2,A-1,premium,2\nS-3,A-1,premium,3\n")).Succeeded);

        await Scenarios.SampleAsync(
            scenario => RunAsync(store, importer, scenario),
            iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? DefaultIterations : -1,
            threads: 1,
            print: Describe);
    }

    private static async Task RunAsync(TestStore store, CsvImporter importer, Scenario scenario)
    {
        // Every sample (and every shrinking step) gets ids nobody else wrote.
        var prefix = $"p{Interlocked.Increment(ref s_prefix)}·";
        var instances = scenario.Ids.Select(id => prefix + id).Distinct(StringComparer.Ordinal).ToArray();
        var expected = new Dictionary<(string Instance, DateOnly Date), (string Subscription, string Type, long?[] Values)>();
        var newest = new Dictionary<string, (DateOnly Date, string Subscription, string Type)>(StringComparer.Ordinal);
        foreach (var file in scenario.Files)
        {
            var (csv, rows) = Render(file, instances);
            var result = await Import(importer, ImportKind.Usage, csv);
            Assert.True(result.Succeeded, "a valid file was rejected: " + string.Join("; ", result.Errors));

            // The model: a row replaces its key's row entirely; a column the file lacks is unknown for its rows.
            var fileNewest = new Dictionary<string, (DateOnly Date, string Subscription, string Type)>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                expected[(row.Instance, row.Date)] = (row.Subscription, row.Type, row.Values);
                if (!fileNewest.TryGetValue(row.Instance, out var seen) || row.Date >= seen.Date)
                {
                    fileNewest[row.Instance] = (row.Date, row.Subscription, row.Type);
                }
            }

            // An instance moves to a file's newest row for it unless the store already has a newer one.
            foreach (var (instance, latest) in fileNewest)
            {
                if (!newest.TryGetValue(instance, out var before) || latest.Date >= before.Date)
                {
                    newest[instance] = latest;
                }
            }
        }

        await using var db = await store.Contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var ordinals = await MetricColumns.LoadAsync(connection, null, CancellationToken.None);
        var stored = (await db.UsageRows.AsNoTracking().ToListAsync()).Where(u => u.InstanceId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Count, stored.Count);
        foreach (var row in stored)
        {
            Assert.True(expected.TryGetValue((row.InstanceId, row.SnapshotDate), out var want), $"unexpected row {row.InstanceId} {row.SnapshotDate}");
            Assert.Equal((want.Subscription, want.Type), (row.SubscriptionId, row.InstanceType));
            Assert.Equal(want.Values, ReadVector(row.Metrics, ordinals));
        }

        var storedInstances = (await db.Instances.AsNoTracking().ToListAsync()).Where(i => i.InstanceId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(newest.Count, storedInstances.Count);
        foreach (var instance in storedInstances)
        {
            Assert.Equal(newest[instance.InstanceId], (instance.LastSnapshotDate, instance.SubscriptionId, instance.InstanceType));
        }
    }

    /// <summary>
    /// The stored vector read independently of <see cref="MetricColumns.Decode"/>: every cell must be empty or a whole
    /// number, and the values come out in <see cref="Metrics"/> order.
    /// </summary>
    private static long?[] ReadVector(string vector, IReadOnlyDictionary<string, int> ordinals)
    {
        var cells = vector.Length == 0 ? [] : vector.Split(',');
        var values = new long?[Metrics.Length];
        foreach (var (name, ordinal) in ordinals)
        {
            var index = Array.IndexOf(Metrics, name);
            if (ordinal >= cells.Length || cells[ordinal].Length == 0)
            {
                continue;
            }

            Assert.True(long.TryParse(cells[ordinal], NumberStyles.None, CultureInfo.InvariantCulture, out var value),
                $"slot {ordinal} ({name}) holds '{cells[ordinal]}', not a whole number, in vector '{vector}'");
            Assert.True(index >= 0, $"slot {ordinal} ({name}) is not a column these files carry, yet holds '{cells[ordinal]}'");
            values[index] = value;
        }

        return values;
    }

    private sealed record RowSpec(int Instance, int Date, int Subscription, int Type, string[] Values, int Quotes);

    private sealed record FileSpec(int MetricMask, bool WithType, int[] Order, bool Crlf, bool Bom, List<RowSpec> Rows);

    private sealed record Scenario(string[] Ids, List<FileSpec> Files);

    private sealed record ExpectedRow(string Instance, DateOnly Date, string Subscription, string Type, long?[] Values);

    /// <summary>The file's text and the rows it says, one per key (a file never repeats a key: the importer refuses that).</summary>
    private static (string Csv, List<ExpectedRow> Rows) Render(FileSpec file, string[] instances)
    {
        var columns = new List<string> { "instance_id", "subscription_id", "snapshot_date" };
        if (file.WithType)
        {
            columns.Add("instance_type");
        }

        columns.AddRange(Metrics.Where((_, i) => (file.MetricMask & (1 << i)) != 0));
        var order = columns.Select((c, i) => (c, file.Order[i])).OrderBy(x => x.Item2).ThenBy(x => x.c, StringComparer.Ordinal).Select(x => x.c).ToList();
        var newline = file.Crlf ? "\r\n" : "\n";
        var csv = new StringBuilder(file.Bom ? "\uFEFF" : string.Empty).AppendJoin(',', order).Append(newline);
        var rows = new List<ExpectedRow>();
        var keys = new HashSet<(string, DateOnly)>();
        foreach (var row in file.Rows)
        {
            var instance = instances[row.Instance % instances.Length];
            var date = Dates[row.Date];
            if (!keys.Add((instance, date)))
            {
                continue;
            }

            var type = file.WithType ? Types[row.Type] : string.Empty;
            var values = new long?[Metrics.Length];
            var cells = new List<string>();
            for (var c = 0; c < order.Count; c++)
            {
                var column = order[c];
                var metric = Array.IndexOf(Metrics, column);
                var text = column switch
                {
                    "instance_id" => instance,
                    "subscription_id" => SubscriptionIds[row.Subscription],
                    "snapshot_date" => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "instance_type" => type,
                    _ => row.Values[metric],
                };
                if (metric >= 0 && text.Length > 0)
                {
                    values[metric] = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                }

                var quote = (row.Quotes & (1 << c)) != 0 || text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal);
                cells.Add(quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text);
            }

            csv.AppendJoin(',', cells).Append(newline);
            rows.Add(new ExpectedRow(instance, date, SubscriptionIds[row.Subscription], type.Length == 0 ? "production" : type.ToLowerInvariant(), values));
        }

        return (csv.ToString(), rows);
    }

    private static string Describe(Scenario scenario) =>
        string.Join("\n--- next file ---\n", scenario.Files.Select(f => Render(f, [.. scenario.Ids.Distinct(StringComparer.Ordinal)]).Csv));

    private static Task<ImportResult> Import(CsvImporter importer, ImportKind kind, string csv) =>
        importer.ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), Metrics, new DateOnly(2026, 11, 22), null, CancellationToken.None);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
