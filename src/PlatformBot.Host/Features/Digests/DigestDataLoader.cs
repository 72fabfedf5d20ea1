using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Loads <see cref="DigestDataSet"/>s from the stored snapshots. A batch of digests at 09:00 shares one load: data
/// sets are cached for a minute (and dropped when a scoring run stores a new snapshot in this process).
/// </summary>
public sealed class DigestDataLoader(
    DirectoryReader directory,
    SnapshotReader reader,
    ScoringModel model,
    IOptions<DigestOptions> options,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<DateOnly> Dates)? _dates;
    private (DateTimeOffset At, DateOnly? DataDate, DigestDataSet Set)? _set;

    public void Dispose() => _gate.Dispose();

    /// <summary>Forget cached data (after a scoring run stored a snapshot).</summary>
    public void Invalidate()
    {
        _dates = null;
        _set = null;
    }

    /// <summary>Snapshot dates in the store, oldest first (cached briefly).</summary>
    public async Task<IReadOnlyList<DateOnly>> DatesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_dates is { } cached && now - cached.At < CacheFor)
        {
            return cached.Dates;
        }

        var dates = await reader.DatesAsync(cancellationToken);
        _dates = (now, dates);
        return dates;
    }

    public async Task<DigestDataSet> LoadAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var dates = await DatesAsync(cancellationToken);
        DateOnly? dataDate = dates.LastOrDefault(d => d <= asOf) is var last && last != default ? last : null;
        var now = time.GetUtcNow();
        if (_set is { } hit && hit.DataDate == dataDate && now - hit.At < CacheFor)
        {
            return hit.Set;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_set is { } again && again.DataDate == dataDate && now - again.At < CacheFor)
            {
                return again.Set;
            }

            var set = await LoadUncachedAsync(dates, dataDate, cancellationToken);
            _set = (time.GetUtcNow(), dataDate, set);
            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DigestDataSet> LoadUncachedAsync(IReadOnlyList<DateOnly> dates, DateOnly? dataDate, CancellationToken cancellationToken)
    {
        var accounts = await LoadAccountsAsync(cancellationToken);
        var index = new Dictionary<string, int>(accounts.Length, StringComparer.Ordinal);
        for (var i = 0; i < accounts.Length; i++)
        {
            index[accounts[i].Id] = i;
        }

        if (dataDate is not { } current)
        {
            return new DigestDataSet(null, null, [], accounts, new Dictionary<DateOnly, SnapshotColumn>(), model);
        }

        DateOnly? previous = dates.LastOrDefault(d => d < current) is var p && p != default ? p : null;
        var trend = TrendDates(dates, current, options.Value.TrendWeeks);
        var needed = new SortedSet<DateOnly>(trend) { current };
        if (previous is { } pd)
        {
            needed.Add(pd);
        }

        var columns = new ConcurrentDictionary<DateOnly, SnapshotColumn>();
        // Use-case ids as UTF-8, matched in place by the JSON reader: 13 x 100,000 rows must not mean a string per property.
        var useCaseIndex = model.UseCases.Select(u => Encoding.UTF8.GetBytes(u.Id)).ToArray();
        var levelIndex = model.LevelLabels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);

        // One reader per date, a few at a time: the read and the JSON parsing of 13 x 100,000 rows share the cores.
        await Parallel.ForEachAsync(needed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken },
            async (date, ct) => columns[date] = await LoadColumnAsync(date, accounts.Length, index, useCaseIndex, levelIndex, ct));

        return new DigestDataSet(current, previous, trend, accounts, columns, model);
    }

    /// <summary>The newest snapshot of each of the last <paramref name="weeks"/> ISO weeks up to the data date, oldest first.</summary>
    internal static IReadOnlyList<DateOnly> TrendDates(IReadOnlyList<DateOnly> dates, DateOnly dataDate, int weeks)
    {
        var result = new List<DateOnly>(weeks);
        var weekStart = DigestSchedule.WeekStart(dataDate);
        for (var w = 0; w < weeks; w++)
        {
            var start = weekStart.AddDays(-7 * w);
            var end = w == 0 ? dataDate : start.AddDays(6);
            DateOnly? pick = null;
            foreach (var d in dates)
            {
                if (d >= start && d <= end && (pick is null || d > pick))
                {
                    pick = d;
                }
            }

            if (pick is { } found)
            {
                result.Add(found);
            }
        }

        result.Reverse();
        return result;
    }

    private async Task<DigestAccount[]> LoadAccountsAsync(CancellationToken cancellationToken)
    {
        var plans = await directory.PlansAsync(cancellationToken);
        var rows = await directory.AllAccountsAsync(cancellationToken);
        var accounts = new DigestAccount[rows.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            var a = rows[i];
            accounts[i] = new DigestAccount(a.AccountId, a.Name, a.Segment, a.Region, a.Owner, a.Csm, plans.TryGetValue(a.AccountId, out var p) ? p : []);
        }

        Array.Sort(accounts, static (x, y) => string.CompareOrdinal(x.Id, y.Id));
        return accounts;
    }

    private async Task<SnapshotColumn> LoadColumnAsync(
        DateOnly date, int accountCount, Dictionary<string, int> index, byte[][] useCaseIndex,
        Dictionary<string, int> levelIndex, CancellationToken cancellationToken)
    {
        var useCases = useCaseIndex.Length;
        var column = new SnapshotColumn(date, accountCount, useCases);
        var buffer = new byte[Limits.UseCaseJson * 4];
        await foreach (var cells in reader.CellsAsync(date, cancellationToken))
        {
            if (!index.TryGetValue(cells.AccountId, out var i))
            {
                continue;
            }

            column.Level[i] = (sbyte)(levelIndex.TryGetValue(cells.Level, out var level) ? level : levelIndex.Count - 1);
            column.ArrCents[i] = cells.ArrCents;
            var length = Encoding.UTF8.GetBytes(cells.UseCases, buffer);
            SnapshotUseCases.ReadColors(buffer.AsSpan(0, length), useCaseIndex, column.Colors.AsSpan(i * useCases, useCases));
        }

        return column;
    }
}
