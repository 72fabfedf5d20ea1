using System.Buffers;
using System.Data.Common;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

public sealed record ScoreRunSummary(DateOnly AsOf, string ModelVersion, int Accounts, IReadOnlyDictionary<string, int> AccountsByLevel, TimeSpan Elapsed)
{
    /// <summary>Usage rows read with stored metric cells that are not whole numbers; those cells counted as unknown.</summary>
    public IReadOnlyList<UnreadableUsageRow> UnreadableUsageRows { get; init; } = [];
}

/// <summary>A stored usage row whose metric vector has <paramref name="Cells"/> cells that do not decode.</summary>
public sealed record UnreadableUsageRow(string InstanceId, DateOnly SnapshotDate, int Cells);

/// <summary>
/// Feeds the pure engine from the store: reads accounts, subscriptions and each instance's latest usage
/// row up to the as-of date with hand-written SQL, scores, and (for `score`) upserts one snapshot per account.
/// </summary>
public sealed class ScoreRunner(
    StoreConnection store,
    StoreInitializer initializer,
    ScoringEngine engine,
    ScoringModel model,
    TimeProvider time,
    StoreChanges changes,
    BusinessCalendar calendar,
    ILogger<ScoreRunner> logger)
{
    internal static readonly BulkTable SnapshotTable = new("score_snapshots",
    [
        new("account_id", BulkColumnType.Text), new("as_of", BulkColumnType.Date), new("model_version", BulkColumnType.Text),
        new("arr_cents", BulkColumnType.BigInt), new("adoption_score", BulkColumnType.SmallNumber), new("level", BulkColumnType.Text),
        new("use_cases", BulkColumnType.Text), new("license_utilization", BulkColumnType.Real), new("product_usage_score", BulkColumnType.Real),
        new("data_as_of", BulkColumnType.Date), new("computed_at_utc", BulkColumnType.TimestampUtc),
    ], ["account_id", "as_of"]);

    /// <summary>Scores every account as of the date and stores the snapshots (replacing that date's earlier ones).</summary>
    public async Task<ScoreRunSummary> ScoreAndStoreAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        // A snapshot dated after today would become "the latest" for the KPI and digests and hide the real ones.
        var today = calendar.Today;
        if (asOf > today)
        {
            throw new InvalidOperationException(
                $"Refusing to store snapshots dated {asOf:yyyy-MM-dd}: that is after today ({today:yyyy-MM-dd} in Scoring:TimeZone {calendar.TimeZone.Id}).");
        }

        await initializer.EnsureReadyAsync(cancellationToken);
        var started = time.GetTimestamp();
        var (inputs, unreadable) = await LoadInputsAsync(asOf, accountId: null, cancellationToken);
        var byLevel = model.LevelLabels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);

        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var sink = await BulkUpsert.StartAsync(store.Provider, connection, transaction, SnapshotTable, cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var values = new object?[SnapshotTable.Columns.Count];
            var json = new ArrayBufferWriter<byte>(512);
            foreach (var input in inputs)
            {
                var score = engine.Score(input, asOf);
                byLevel[score.Level.Label]++;
                values[0] = score.AccountId;
                values[1] = asOf;
                values[2] = score.ModelVersion;
                values[3] = KpiTally.ToCents(score.Arr);
                values[4] = score.AdoptionScore;
                values[5] = score.Level.Label;
                values[6] = SnapshotUseCases.Encode(score, json);
                values[7] = score.LicenseUtilization.Value;
                values[8] = score.ProductUsage.Value;
                values[9] = score.DataAsOf;
                values[10] = now;
                await sink.WriteAsync(values, cancellationToken);
            }

            await sink.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        changes.Changed();
        var elapsed = time.GetElapsedTime(started);
        logger.LogInformation("Scored {Accounts} accounts as of {AsOf} with model {Model} in {Elapsed}; {Unreadable} usage row(s) with unreadable metrics",
            inputs.Count, asOf, model.Version, elapsed, unreadable.Count);
        return new ScoreRunSummary(asOf, model.Version, inputs.Count, byLevel, elapsed) { UnreadableUsageRows = unreadable };
    }

    /// <summary>Scores without storing (all accounts, or one): what lookups and ad-hoc exports use.</summary>
    public async Task<IReadOnlyList<AccountScore>> ScoreAsync(DateOnly asOf, string? accountId, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var (inputs, _) = await LoadInputsAsync(asOf, accountId, cancellationToken);
        var scores = new List<AccountScore>(inputs.Count);
        foreach (var input in inputs)
        {
            scores.Add(engine.Score(input, asOf));
        }

        return scores;
    }

    private async Task<(List<AccountInput> Inputs, List<UnreadableUsageRow> Unreadable)> LoadInputsAsync(DateOnly asOf, string? accountId, CancellationToken cancellationToken)
    {
        // A plain connection, not a DbContext: these reads are hand-written and building EF's model would cost a
        // one-shot `score` or a first lookup a few hundred milliseconds.
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        var date = StoreReads.DateParameter(store.Provider, asOf);
        var accountFilter = accountId is null ? string.Empty : " WHERE account_id = @account";

        // 1. usage: each instance's newest row on or before the date (the engine decides staleness and the primary instance)
        var slotToInput = await SlotMapAsync(connection, cancellationToken);
        var usage = new Dictionary<string, List<UsageSnapshot>>(StringComparer.Ordinal);
        var unreadable = new List<UnreadableUsageRow>();
        // An instance whose newest row is on or before the date (the usual weekly run) is one key lookup via
        // instances.last_snapshot_date; only instances with newer rows (a historical date) need the MAX search.
        // CROSS JOIN fixes the join order on SQLite, which has no statistics and otherwise scanned every usage row
        // (3.3M on the 26-week demo store) to probe instances; it drives from instances (or from the one account's
        // subscriptions) and looks each newest row up by key. PostgreSQL and SQL Server plan CROSS JOIN + WHERE as
        // an inner join from their own statistics.
        var instanceFilter = accountId is null ? string.Empty : " AND i.subscription_id IN (SELECT subscription_id FROM subscriptions WHERE account_id = @account)";
        var newest = accountId is null
            ? "FROM instances i CROSS JOIN usage_rows u WHERE "
            : "FROM subscriptions s CROSS JOIN instances i CROSS JOIN usage_rows u WHERE s.account_id = @account AND i.subscription_id = s.subscription_id AND ";
        await using (var command = StoreReads.Command(connection,
            "SELECT u.instance_id, u.snapshot_date, u.subscription_id, u.instance_type, u.metrics " + newest +
            "u.instance_id = i.instance_id AND u.snapshot_date = i.last_snapshot_date AND i.last_snapshot_date <= @asOf" +
            " UNION ALL " +
            "SELECT u.instance_id, u.snapshot_date, u.subscription_id, u.instance_type, u.metrics FROM usage_rows u " +
            "JOIN (SELECT instance_id, MAX(snapshot_date) AS latest FROM usage_rows WHERE snapshot_date <= @asOf" +
            " AND instance_id IN (SELECT i.instance_id FROM instances i WHERE i.last_snapshot_date > @asOf" + instanceFilter + ")" +
            " GROUP BY instance_id) m ON u.instance_id = m.instance_id AND u.snapshot_date = m.latest",
            ("@asOf", date), ("@account", accountId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new double?[model.InputColumns.Count];
                var badCells = MetricColumns.Decode(reader.GetString(4), slotToInput, values);
                var subscription = reader.GetString(2);
                if (!usage.TryGetValue(subscription, out var list))
                {
                    usage[subscription] = list = new List<UsageSnapshot>(1);
                }

                var snapshotDate = StoreReads.ReadDate(reader, 1);
                list.Add(new UsageSnapshot(reader.GetString(0), reader.GetString(3), snapshotDate, values));
                if (badCells > 0)
                {
                    // The row still counts, its bad cells as unknown: its other metrics are sound, and dropping the row
                    // would fall back to an older one or to "no data", which looks like an answer rather than a fault.
                    unreadable.Add(new UnreadableUsageRow(reader.GetString(0), snapshotDate, badCells));
                }
            }
        }

        ReportUnreadable(unreadable);

        // 2. subscriptions grouped by account, in ordinal subscription order (the rollup's summation order). The churn rule
        // lives here and only here (ADR 0013): a subscription ended on or before the date has no ARR and reports no usage,
        // so stored snapshots, the KPI, digests and live cards all see it the same way.
        var subscriptions = new Dictionary<string, List<SubscriptionInput>>(StringComparer.Ordinal);
        await using (var command = StoreReads.Command(connection,
            "SELECT subscription_id, account_id, plan, arr_cents, customer_since, end_date FROM subscriptions" + accountFilter, ("@account", accountId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var account = reader.GetString(1);
                if (!subscriptions.TryGetValue(account, out var list))
                {
                    subscriptions[account] = list = new List<SubscriptionInput>(1);
                }

                var ended = StoreReads.ReadNullableDate(reader, 5) is { } end && end <= asOf;
                list.Add(new SubscriptionInput(id, reader.GetString(2), ended ? 0m : reader.GetInt64(3) / 100m, StoreReads.ReadNullableDate(reader, 4),
                    !ended && usage.TryGetValue(id, out var rows) ? rows : []));
            }
        }

        // 3. accounts (an account without subscriptions still gets a "no data" score); archived ones are not scored (ADR 0013)
        var inputs = new List<AccountInput>();
        await using (var command = StoreReads.Command(connection,
            "SELECT account_id FROM accounts WHERE archived_at_utc IS NULL" + (accountId is null ? string.Empty : " AND account_id = @account"), ("@account", accountId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
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
        }

        inputs.Sort(static (a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        return (inputs, unreadable);
    }

    /// <summary>One warning per unreadable row and read (the first ones; a store full of them gets a count, not a flood).</summary>
    private void ReportUnreadable(List<UnreadableUsageRow> unreadable)
    {
        const int Named = 20;
        foreach (var row in unreadable.Take(Named))
        {
            logger.LogWarning(
                "Usage row of instance {InstanceId} on {SnapshotDate:yyyy-MM-dd}: {Cells} stored metric cell(s) are not whole numbers and count as unknown (re-import that row to repair it)",
                row.InstanceId, row.SnapshotDate, row.Cells);
        }

        if (unreadable.Count > Named)
        {
            logger.LogWarning("{More} more usage row(s) have stored metric cells that are not whole numbers; they count as unknown", unreadable.Count - Named);
        }
    }

    private async Task<int[]> SlotMapAsync(DbConnection connection, CancellationToken cancellationToken)
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
