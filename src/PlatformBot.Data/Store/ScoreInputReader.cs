using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Data.Store;

/// <summary>
/// Reads what the engine scores as of a date: live accounts, their subscriptions (the churn rule applied) and each
/// instance's newest usage row on or before the date. The whole store comes in batches ordered by account id, so a
/// score run holds one batch of inputs at a time however many accounts there are (issue 13); one account is read on its
/// own for lookups.
/// </summary>
public sealed class ScoreInputReader(StoreConnection store, StoreInitializer initializer)
{
    /// <summary>Accounts per batch: big enough that the three statements per batch cost little, small enough to stay flat.</summary>
    public const int DefaultBatchSize = 2_000;

    private const string UsageColumns = "SELECT u.instance_id, u.snapshot_date, u.subscription_id, u.instance_type, u.metrics ";

    private const string SubscriptionColumns = "SELECT subscription_id, account_id, plan, arr_cents, customer_since, end_date FROM subscriptions";

    /// <summary>
    /// Every live account as of the date, at most <paramref name="batchSize"/> at a time (archived accounts take their
    /// place in a page and are left out). Batches follow the database's order of
    /// account ids; within a batch the accounts are in ordinal order (what the engine's callers sort by).
    /// </summary>
    public async IAsyncEnumerable<ScoreInputBatch> ReadAllAsync(
        ScoringModel model, DateOnly asOf, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        var date = StoreCommands.DateParameter(store.Provider, asOf);
        var slotToInput = await SlotMapAsync(connection, model, cancellationToken);
        var unreadable = new List<UnreadableUsageRow>();

        // Rows the batches' own statements cannot find, read once for the whole store: an instance with rows after the
        // date (a historical run) needs its newest row up to the date searched with MAX, and that row names the
        // subscription it was reported under then, which may belong to another account's batch. The usual run (as of
        // today) has none. The batches find the rest: each instance's newest row through instances.last_snapshot_date,
        // driven from the batch's subscriptions (an instance's newest row names the instance's subscription: the
        // importer upserts the instance with its newest row's subscription).
        var older = new Dictionary<string, List<UsageSnapshot>>(StringComparer.Ordinal);
        await ReadUsageAsync(connection,
            UsageColumns + "FROM usage_rows u " +
            "JOIN (SELECT instance_id, MAX(snapshot_date) AS latest FROM usage_rows WHERE snapshot_date <= @asOf" +
            " AND instance_id IN (SELECT i.instance_id FROM instances i WHERE i.last_snapshot_date > @asOf)" +
            " GROUP BY instance_id) m ON u.instance_id = m.instance_id AND u.snapshot_date = m.latest",
            [("@asOf", date)], model, slotToInput, older, unreadable, cancellationToken);

        // Keyset paging on the primary key: each page starts after the previous one's last id. Archived accounts are
        // skipped here, not in SQL: with "archived_at_utc IS NULL" SQLite chose the archived_at_utc index and sorted
        // every live account again for each page.
        var page = store.Provider == StorageProvider.SqlServer
            ? "SELECT TOP (@take) account_id, archived_at_utc FROM accounts{0} ORDER BY account_id"
            : "SELECT account_id, archived_at_utc FROM accounts{0} ORDER BY account_id LIMIT @take";
        string? after = null;
        var yielded = false;
        while (true)
        {
            var ids = new List<string>(batchSize);
            var read = 0;
            await using (var command = StoreCommands.Command(connection,
                string.Format(CultureInfo.InvariantCulture, page, after is null ? string.Empty : " WHERE account_id > @after"),
                ("@take", batchSize), ("@after", after)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    after = reader.GetString(0);
                    if (reader.IsDBNull(1))
                    {
                        ids.Add(after);
                    }
                }
            }

            if (ids.Count == 0)
            {
                if (read == batchSize)
                {
                    continue;
                }

                if (!yielded && unreadable.Count > 0)
                {
                    yield return new ScoreInputBatch([], unreadable);
                }

                yield break;
            }

            var range = new (string, object?)[] { ("@asOf", date), ("@first", ids[0]), ("@last", ids[^1]) };
            var usage = new Dictionary<string, List<UsageSnapshot>>(StringComparer.Ordinal);
            // CROSS JOIN fixes the join order on SQLite (no statistics): from the batch's subscriptions (index on
            // account_id) to their instances (index on subscription_id) to each newest row (primary key).
            await ReadUsageAsync(connection,
                UsageColumns + "FROM subscriptions s CROSS JOIN instances i CROSS JOIN usage_rows u " +
                "WHERE s.account_id >= @first AND s.account_id <= @last AND i.subscription_id = s.subscription_id" +
                " AND u.instance_id = i.instance_id AND u.snapshot_date = i.last_snapshot_date AND i.last_snapshot_date <= @asOf",
                range, model, slotToInput, usage, unreadable, cancellationToken);
            var subscriptions = await ReadSubscriptionsAsync(connection,
                SubscriptionColumns + " WHERE account_id >= @first AND account_id <= @last", range, asOf, usage, older, cancellationToken);

            yield return new ScoreInputBatch(Inputs(ids, subscriptions), unreadable);
            yielded = true;
            unreadable = [];
            if (read < batchSize)
            {
                yield break;
            }
        }
    }

    /// <summary>One account as of the date (no accounts when it is not stored or archived): what a lookup scores.</summary>
    public async Task<ScoreInputBatch> ReadAccountAsync(ScoringModel model, DateOnly asOf, string accountId, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        var parameters = new (string, object?)[] { ("@asOf", StoreCommands.DateParameter(store.Provider, asOf)), ("@account", accountId) };
        var slotToInput = await SlotMapAsync(connection, model, cancellationToken);
        var unreadable = new List<UnreadableUsageRow>();
        var usage = new Dictionary<string, List<UsageSnapshot>>(StringComparer.Ordinal);

        // Each instance's newest row on or before the date (the engine decides staleness and the primary instance). An
        // instance whose newest row is on or before the date is one key lookup via instances.last_snapshot_date; only
        // instances with newer rows (a historical date) need the MAX search. CROSS JOIN fixes the join order on SQLite
        // (it drives from the account's subscriptions); PostgreSQL and SQL Server plan it from their own statistics.
        await ReadUsageAsync(connection,
            UsageColumns + "FROM subscriptions s CROSS JOIN instances i CROSS JOIN usage_rows u WHERE s.account_id = @account" +
            " AND i.subscription_id = s.subscription_id AND u.instance_id = i.instance_id AND u.snapshot_date = i.last_snapshot_date" +
            " AND i.last_snapshot_date <= @asOf" +
            " UNION ALL " +
            UsageColumns + "FROM usage_rows u " +
            "JOIN (SELECT instance_id, MAX(snapshot_date) AS latest FROM usage_rows WHERE snapshot_date <= @asOf" +
            " AND instance_id IN (SELECT i.instance_id FROM instances i WHERE i.last_snapshot_date > @asOf" +
            " AND i.subscription_id IN (SELECT subscription_id FROM subscriptions WHERE account_id = @account))" +
            " GROUP BY instance_id) m ON u.instance_id = m.instance_id AND u.snapshot_date = m.latest",
            parameters, model, slotToInput, usage, unreadable, cancellationToken);
        var subscriptions = await ReadSubscriptionsAsync(connection, SubscriptionColumns + " WHERE account_id = @account", parameters, asOf, usage, null, cancellationToken);

        var ids = new List<string>(1);
        await using (var command = StoreCommands.Command(connection, "SELECT account_id FROM accounts WHERE archived_at_utc IS NULL AND account_id = @account", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return new ScoreInputBatch(Inputs(ids, subscriptions), unreadable);
    }

    /// <summary>Accounts in ordinal order, each with its subscriptions in ordinal order (the rollup's summation order).</summary>
    private static List<AccountInput> Inputs(List<string> ids, Dictionary<string, List<SubscriptionInput>> subscriptions)
    {
        // An account without subscriptions still gets a "no data" score.
        var inputs = new List<AccountInput>(ids.Count);
        foreach (var id in ids)
        {
            if (subscriptions.TryGetValue(id, out var list))
            {
                list.Sort(static (a, b) => string.CompareOrdinal(a.SubscriptionId, b.SubscriptionId));
                inputs.Add(new AccountInput(id, list));
            }
            else
            {
                inputs.Add(new AccountInput(id, []));
            }
        }

        inputs.Sort(static (a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        return inputs;
    }

    private static async Task ReadUsageAsync(
        DbConnection connection, string sql, (string, object?)[] parameters, ScoringModel model, int[] slotToInput,
        Dictionary<string, List<UsageSnapshot>> usage, List<UnreadableUsageRow> unreadable, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new double?[model.InputColumns.Count];
            var badCells = MetricColumns.Decode(reader.GetString(4), slotToInput, values);
            var subscription = reader.GetString(2);
            if (!usage.TryGetValue(subscription, out var list))
            {
                usage[subscription] = list = new List<UsageSnapshot>(1);
            }

            var snapshotDate = StoreCommands.ReadDate(reader, 1);
            list.Add(new UsageSnapshot(reader.GetString(0), reader.GetString(3), snapshotDate, values));
            if (badCells > 0)
            {
                // The row still counts, its bad cells as unknown: its other metrics are sound, and dropping the row
                // would fall back to an older one or to "no data", which looks like an answer rather than a fault.
                unreadable.Add(new UnreadableUsageRow(reader.GetString(0), snapshotDate, badCells));
            }
        }
    }

    /// <summary>
    /// Subscriptions grouped by account with their usage rows. The churn rule lives here and only here (ADR 0013): a
    /// subscription ended on or before the date has no ARR and reports no usage, so stored snapshots, the KPI, digests
    /// and live cards all see it the same way.
    /// </summary>
    private static async Task<Dictionary<string, List<SubscriptionInput>>> ReadSubscriptionsAsync(
        DbConnection connection, string sql, (string, object?)[] parameters, DateOnly asOf,
        Dictionary<string, List<UsageSnapshot>> usage, Dictionary<string, List<UsageSnapshot>>? older, CancellationToken cancellationToken)
    {
        var subscriptions = new Dictionary<string, List<SubscriptionInput>>(StringComparer.Ordinal);
        await using var command = StoreCommands.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            var account = reader.GetString(1);
            if (!subscriptions.TryGetValue(account, out var list))
            {
                subscriptions[account] = list = new List<SubscriptionInput>(1);
            }

            var ended = StoreCommands.ReadNullableDate(reader, 5) is { } end && end <= asOf;
            list.Add(new SubscriptionInput(id, reader.GetString(2), ended ? 0m : reader.GetInt64(3) / 100m, StoreCommands.ReadNullableDate(reader, 4),
                ended ? [] : UsageOf(id, usage, older)));
        }

        return subscriptions;
    }

    private static List<UsageSnapshot> UsageOf(string subscription, Dictionary<string, List<UsageSnapshot>> usage, Dictionary<string, List<UsageSnapshot>>? older)
    {
        var current = usage.GetValueOrDefault(subscription);
        if (older is null || !older.TryGetValue(subscription, out var earlier))
        {
            return current ?? [];
        }

        // The engine picks per instance and breaks ties by instance id, so the order of the rows does not matter.
        if (current is null)
        {
            return earlier;
        }

        current.AddRange(earlier);
        return current;
    }

    private static async Task<int[]> SlotMapAsync(DbConnection connection, ScoringModel model, CancellationToken cancellationToken)
    {
        var ordinals = await MetricColumns.LoadAsync(connection, null, cancellationToken);
        var map = new int[ordinals.Count == 0 ? 0 : ordinals.Values.Max() + 1];
        Array.Fill(map, -1);
        foreach (var (name, ordinal) in ordinals)
        {
            map[ordinal] = model.IndexOfInput(name);
        }

        return map;
    }
}
