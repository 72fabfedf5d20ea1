using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>A stored snapshot with the account's display name and its use cases as stored (<see cref="SnapshotUseCases"/>).</summary>
public sealed record StoredScore(
    string AccountId, string Name, DateOnly AsOf, decimal Arr, int? AdoptionScore, string Level, IReadOnlyList<StoredUseCase> UseCases, string ModelVersion, DateOnly? DataAsOf)
{
    /// <summary>The stored color of a use case; unknown when the snapshot does not hold it.</summary>
    public HealthColor ColorOf(string useCaseId)
    {
        foreach (var useCase in UseCases)
        {
            if (string.Equals(useCase.UseCaseId, useCaseId, StringComparison.Ordinal))
            {
                return useCase.Color;
            }
        }

        return HealthColor.Unknown;
    }

    /// <summary>Whether the snapshot holds the use case at all (a snapshot of another model may not).</summary>
    public bool Holds(string useCaseId) => UseCases.Any(u => string.Equals(u.UseCaseId, useCaseId, StringComparison.Ordinal));
}

/// <summary>
/// Reads stored score snapshots: a whole date (exports, KPI, digests) or one account's history (trends). The hand-written
/// reads go through a plain connection (<see cref="StoreConnection.CreateDbConnection"/>), not a DbContext.
/// </summary>
public sealed class SnapshotReader(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreConnection store,
    StoreInitializer initializer,
    ScoringModel model,
    BusinessCalendar calendar)
{
    private const string Columns = "s.account_id, a.name, s.as_of, s.arr_cents, s.adoption_score, s.level, s.use_cases, s.model_version, s.data_as_of";

    public async Task<bool> HasDateAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ScoreSnapshots.AnyAsync(s => s.AsOf == asOf, cancellationToken);
    }

    public async Task<IReadOnlyList<DateOnly>> DatesAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ScoreSnapshots.Select(s => s.AsOf).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
    }

    public Task<IReadOnlyList<StoredScore>> ReadDateAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        ReadAsync($" WHERE s.as_of = @asOf AND {StoreReads.ShownOn("s.account_id")} ORDER BY s.account_id", cancellationToken,
            ("@asOf", StoreReads.DateParameter(store.Provider, asOf)), StoreReads.ArchivedByParameter(store.Provider, calendar, asOf));

    public Task<IReadOnlyList<StoredScore>> HistoryAsync(string accountId, CancellationToken cancellationToken) =>
        ReadAsync(" WHERE s.account_id = @account ORDER BY s.as_of", cancellationToken, ("@account", accountId));

    /// <summary>ARR by level from a date's stored snapshots, aggregated in the database.</summary>
    public async Task<ArrKpi?> KpiAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = StoreReads.Command(connection,
            $"SELECT level, SUM(arr_cents), COUNT(*) FROM score_snapshots WHERE as_of = @asOf AND {StoreReads.ShownOn("account_id")} GROUP BY level",
            ("@asOf", StoreReads.DateParameter(store.Provider, asOf)), StoreReads.ArchivedByParameter(store.Provider, calendar, asOf));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tally = new KpiTally(model);
        var any = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            any = true;
            tally.Add(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        }

        return any ? tally.ToKpi(asOf) : null;
    }

    private async Task<IReadOnlyList<StoredScore>> ReadAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = StoreReads.Command(connection,
            $"SELECT {Columns} FROM score_snapshots s JOIN accounts a ON a.account_id = s.account_id" + where, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredScore>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredScore(
                reader.GetString(0), reader.GetString(1), StoreReads.ReadDate(reader, 2), reader.GetInt64(3) / 100m,
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5), SnapshotUseCases.Decode(reader.GetString(6)), reader.GetString(7),
                StoreReads.ReadNullableDate(reader, 8)));
        }

        return list;
    }
}
