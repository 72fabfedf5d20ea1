using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>A stored snapshot with the account's display name; UseCasesJson is the stored per-use-case object.</summary>
public sealed record StoredScore(
    string AccountId, string Name, DateOnly AsOf, decimal Arr, int? AdoptionScore, string Level, string UseCasesJson, string ModelVersion, DateOnly? DataAsOf);

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
        var totals = new Dictionary<string, (long Cents, int Accounts)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        }

        return totals.Count == 0 ? null : Kpi.FromTotals(asOf, model, totals);
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
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                StoreReads.ReadNullableDate(reader, 8)));
        }

        return list;
    }
}

/// <summary>The ARR KPI from per-level totals: all levels in model order, shares as fractions of total ARR.</summary>
public static class Kpi
{
    public static ArrKpi FromTotals(DateOnly asOf, ScoringModel model, IReadOnlyDictionary<string, (long Cents, int Accounts)> totals)
    {
        var totalCents = totals.Values.Sum(t => t.Cents);
        var levels = model.LevelLabels.Select(label =>
        {
            var (cents, accounts) = totals.TryGetValue(label, out var t) ? t : (0L, 0);
            return new KpiLevel(label, cents / 100m, totalCents == 0 ? 0 : (double)cents / totalCents, accounts);
        }).ToList();
        return new ArrKpi(asOf, totalCents / 100m, levels);
    }

    public static ArrKpi FromScores(DateOnly asOf, ScoringModel model, IEnumerable<AccountScore> scores)
    {
        var totals = new Dictionary<string, (long Cents, int Accounts)>(StringComparer.Ordinal);
        foreach (var score in scores)
        {
            var current = totals.TryGetValue(score.Level.Label, out var t) ? t : (0L, 0);
            totals[score.Level.Label] = (current.Item1 + (long)(score.Arr * 100m), current.Item2 + 1);
        }

        return FromTotals(asOf, model, totals);
    }
}
