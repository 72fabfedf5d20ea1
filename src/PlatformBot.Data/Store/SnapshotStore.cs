using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Data.Store;

/// <summary>
/// The stored score snapshots: the score run's bulk write, and the reads of a whole date (exports, the KPI, digests)
/// or one account's history (trends). Reads of a date leave out the accounts archived by the end of that day
/// (the <c>dayEndsUtc</c> arguments: the caller's business calendar says when a day ends; ADR 0013).
/// </summary>
public sealed class SnapshotStore(StoreConnection store, StoreInitializer initializer)
{
    private const string Columns = "s.account_id, a.name, s.as_of, s.arr_cents, s.adoption_score, s.level, s.use_cases, s.model_version, s.data_as_of";

    /// <summary>Starts the one-transaction write of a date's snapshots (see <see cref="SnapshotWriter"/>).</summary>
    public async Task<SnapshotWriter> BeginWriteAsync(DateOnly asOf, DateTime computedAtUtc, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        return await SnapshotWriter.StartAsync(store, asOf, computedAtUtc, cancellationToken);
    }

    public async Task<bool> HasDateAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection,
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM score_snapshots WHERE as_of = @asOf) THEN 1 ELSE 0 END", ("@asOf", Date(asOf)));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>The snapshot dates in the store, oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> DatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection, "SELECT DISTINCT as_of FROM score_snapshots ORDER BY as_of");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var dates = new List<DateOnly>();
        while (await reader.ReadAsync(cancellationToken))
        {
            dates.Add(StoreCommands.ReadDate(reader, 0));
        }

        return dates;
    }

    /// <summary>A date's snapshots with account names, by account id.</summary>
    public Task<IReadOnlyList<StoredScore>> ReadDateAsync(DateOnly asOf, DateTime dayEndsUtc, CancellationToken cancellationToken) =>
        ReadAsync($" WHERE s.as_of = @asOf AND {StoreCommands.ShownOn("s.account_id")} ORDER BY s.account_id", cancellationToken,
            ("@asOf", Date(asOf)), StoreCommands.ArchivedByParameter(store.Provider, dayEndsUtc));

    /// <summary>An account's snapshots, oldest first.</summary>
    public Task<IReadOnlyList<StoredScore>> HistoryAsync(string accountId, CancellationToken cancellationToken) =>
        ReadAsync(" WHERE s.account_id = @account ORDER BY s.as_of", cancellationToken, ("@account", accountId));

    /// <summary>ARR by level from a date's snapshots, summed in the database; null when the date has none.</summary>
    public async Task<ArrKpi?> KpiAsync(ScoringModel model, DateOnly asOf, DateTime dayEndsUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection,
            $"SELECT level, SUM(arr_cents), COUNT(*) FROM score_snapshots WHERE as_of = @asOf AND {StoreCommands.ShownOn("account_id")} GROUP BY level",
            ("@asOf", Date(asOf)), StoreCommands.ArchivedByParameter(store.Provider, dayEndsUtc));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tally = new KpiTally(model);
        var any = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            any = true;
            tally.Add(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
        }

        return any ? tally.ToKpi(asOf) : null;
    }

    /// <summary>
    /// Only the cells a digest needs of a date's snapshots, in no particular order (no join, no sort: the as_of index
    /// does the rest). A digest batch reads 13 weeks of 100,000 accounts this way.
    /// </summary>
    public async IAsyncEnumerable<SnapshotCells> CellsAsync(DateOnly asOf, DateTime dayEndsUtc, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection,
            $"SELECT account_id, level, arr_cents, use_cases FROM score_snapshots WHERE as_of = @asOf AND {StoreCommands.ShownOn("account_id")}",
            ("@asOf", Date(asOf)), StoreCommands.ArchivedByParameter(store.Provider, dayEndsUtc));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new SnapshotCells(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
        }
    }

    private object Date(DateOnly date) => StoreCommands.DateParameter(store.Provider, date);

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => StoreCommands.OpenAsync(store, initializer, cancellationToken);

    private async Task<IReadOnlyList<StoredScore>> ReadAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = StoreCommands.Command(connection,
            $"SELECT {Columns} FROM score_snapshots s JOIN accounts a ON a.account_id = s.account_id" + where, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredScore>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredScore(
                reader.GetString(0), reader.GetString(1), StoreCommands.ReadDate(reader, 2), reader.GetInt64(3) / 100m,
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5), SnapshotUseCases.Decode(reader.GetString(6)), reader.GetString(7),
                StoreCommands.ReadNullableDate(reader, 8)));
        }

        return list;
    }
}
