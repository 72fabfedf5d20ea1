using PlatformBot.Data.Store;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>
/// The stored score snapshots as the business calendar sees them: a date's reads leave out the accounts archived by
/// the end of that day in Scoring:TimeZone (ADR 0013). The statements are the store's (<see cref="SnapshotStore"/>).
/// </summary>
public sealed class SnapshotReader(SnapshotStore store, ScoringModel model, BusinessCalendar calendar)
{
    public Task<bool> HasDateAsync(DateOnly asOf, CancellationToken cancellationToken) => store.HasDateAsync(asOf, cancellationToken);

    /// <summary>The snapshot dates in the store, oldest first.</summary>
    public Task<IReadOnlyList<DateOnly>> DatesAsync(CancellationToken cancellationToken) => store.DatesAsync(cancellationToken);

    /// <summary>A date's snapshots with account names, by account id.</summary>
    public Task<IReadOnlyList<StoredScore>> ReadDateAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        store.ReadDateAsync(asOf, DayEndsUtc(asOf), cancellationToken);

    /// <summary>An account's snapshots, oldest first.</summary>
    public Task<IReadOnlyList<StoredScore>> HistoryAsync(string accountId, CancellationToken cancellationToken) =>
        store.HistoryAsync(accountId, cancellationToken);

    /// <summary>ARR by level from a date's stored snapshots, aggregated in the database; null when the date has none.</summary>
    public Task<ArrKpi?> KpiAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        store.KpiAsync(model, asOf, DayEndsUtc(asOf), cancellationToken);

    /// <summary>The cells the digests read of a date's snapshots (see <see cref="SnapshotStore.CellsAsync"/>).</summary>
    public IAsyncEnumerable<SnapshotCells> CellsAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        store.CellsAsync(asOf, DayEndsUtc(asOf), cancellationToken);

    private DateTime DayEndsUtc(DateOnly date) => calendar.StartOfDayUtc(date.AddDays(1));
}
