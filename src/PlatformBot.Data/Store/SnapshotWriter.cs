using System.Buffers;
using System.Data.Common;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Data.Store;

/// <summary>
/// Stores one date's score snapshots in bulk, one row per account (a later write for the same account and date
/// replaces the earlier one), in one transaction: nothing is visible until <see cref="CommitAsync"/>, and disposing
/// without it rolls back. Start one with <see cref="SnapshotStore.BeginWriteAsync"/>.
/// </summary>
public sealed class SnapshotWriter : IAsyncDisposable
{
    internal static readonly BulkTable Table = new("score_snapshots",
    [
        new("account_id", BulkColumnType.Text), new("as_of", BulkColumnType.Date), new("model_version", BulkColumnType.Text),
        new("arr_cents", BulkColumnType.BigInt), new("adoption_score", BulkColumnType.SmallNumber), new("level", BulkColumnType.Text),
        new("use_cases", BulkColumnType.Text), new("license_utilization", BulkColumnType.Real), new("product_usage_score", BulkColumnType.Real),
        new("data_as_of", BulkColumnType.Date), new("computed_at_utc", BulkColumnType.TimestampUtc),
    ], ["account_id", "as_of"], InKeyOrder: true);

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly BulkUpsert _sink;
    private readonly DateOnly _asOf;
    private readonly DateTime _computedAtUtc;
    private readonly object?[] _values = new object?[Table.Columns.Count];
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private bool _sinkOpen = true;

    private SnapshotWriter(DbConnection connection, DbTransaction transaction, BulkUpsert sink, DateOnly asOf, DateTime computedAtUtc)
    {
        _connection = connection;
        _transaction = transaction;
        _sink = sink;
        _asOf = asOf;
        _computedAtUtc = computedAtUtc;
    }

    /// <summary>Snapshots written so far.</summary>
    public long Written => _sink.Rows;

    internal static async Task<SnapshotWriter> StartAsync(StoreConnection store, DateOnly asOf, DateTime computedAtUtc, CancellationToken cancellationToken)
    {
        var connection = store.CreateDbConnection();
        DbTransaction? transaction = null;
        try
        {
            await connection.OpenAsync(cancellationToken);
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var sink = await BulkUpsert.StartAsync(store.Provider, connection, transaction, Table, cancellationToken);
            return new SnapshotWriter(connection, transaction, sink, asOf, computedAtUtc);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a score's snapshot: ARR in cents as the KPI counts it, use cases in the one stored form.</summary>
    public ValueTask WriteAsync(AccountScore score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        _values[0] = score.AccountId;
        _values[1] = _asOf;
        _values[2] = score.ModelVersion;
        _values[3] = KpiTally.ToCents(score.Arr);
        _values[4] = score.AdoptionScore;
        _values[5] = score.Level.Label;
        _values[6] = SnapshotUseCases.Encode(score, _json);
        _values[7] = score.LicenseUtilization.Value;
        _values[8] = score.ProductUsage.Value;
        _values[9] = score.DataAsOf;
        _values[10] = _computedAtUtc;
        return _sink.WriteAsync(_values, cancellationToken);
    }

    /// <summary>Makes every written snapshot visible at once.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _sink.CompleteAsync(cancellationToken);
        _sinkOpen = false;
        await _sink.DisposeAsync();
        // In the same transaction: running hosts learn of the new scores exactly when they become visible (ADR 0021).
        await StoreChangeMarker.BumpAsync(_connection, _transaction, accounts: false, cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sinkOpen)
        {
            _sinkOpen = false;
            await _sink.DisposeAsync();
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
