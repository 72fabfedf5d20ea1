using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Store;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>An account's attributes the filters look at.</summary>
public sealed record DigestAccount(string Id, string Name, string? Segment, string? Region, string? Owner, string? Csm, string[] Plans);

/// <summary>
/// One stored snapshot date in columns over the account index: level (-1 = no snapshot that day), ARR in cents and
/// each use case's color. Compact on purpose: a digest batch holds 13 weeks of 100,000 accounts.
/// </summary>
public sealed class SnapshotColumn(DateOnly date, int accounts, int useCases)
{
    public DateOnly Date { get; } = date;

    public sbyte[] Level { get; } = CreateLevels(accounts);

    public long[] ArrCents { get; } = new long[accounts];

    /// <summary>HealthColor per account and use case: [account * useCases + useCase].</summary>
    public byte[] Colors { get; } = new byte[accounts * useCases];

    private static sbyte[] CreateLevels(int accounts)
    {
        var levels = new sbyte[accounts];
        Array.Fill(levels, (sbyte)-1);
        return levels;
    }
}

/// <summary>
/// Everything the three digest kinds read, loaded once per data date and shared by every subscription of a batch:
/// the newest snapshot on or before the as-of date, the one before it, and one snapshot per week for the trend.
/// </summary>
public sealed class DigestDataSet
{
    private readonly ConcurrentDictionary<string, int[]> _selections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _charts = new(StringComparer.Ordinal);

    internal DigestDataSet(
        DateOnly? dataDate, DateOnly? previousDate, IReadOnlyList<DateOnly> trendDates, DigestAccount[] accounts,
        IReadOnlyDictionary<DateOnly, SnapshotColumn> columns, ScoringModel model)
    {
        DataDate = dataDate;
        PreviousDate = previousDate;
        TrendDates = trendDates;
        Accounts = accounts;
        Columns = columns;
        Model = model;
        UseCaseIds = [.. model.UseCases.Select(u => u.Id)];
        UseCaseNames = [.. model.UseCases.Select(u => u.Name)];
        LevelLabels = model.LevelLabels;
        TopLevel = model.PlatformThreshold;
        NoDataLevel = model.LevelLabels.Count - 1;
    }

    /// <summary>The snapshot the digest reports; null when nothing was scored on or before the as-of date.</summary>
    public DateOnly? DataDate { get; }

    /// <summary>The snapshot it compares with (week on week); null when there is none.</summary>
    public DateOnly? PreviousDate { get; }

    /// <summary>One snapshot date per week, oldest first, ending with <see cref="DataDate"/>.</summary>
    public IReadOnlyList<DateOnly> TrendDates { get; }

    public DigestAccount[] Accounts { get; }

    public IReadOnlyDictionary<DateOnly, SnapshotColumn> Columns { get; }

    public ScoringModel Model { get; }

    public IReadOnlyList<string> UseCaseIds { get; }

    public IReadOnlyList<string> UseCaseNames { get; }

    /// <summary>"0", "1", "2", "3+", "no data": the index is what <see cref="SnapshotColumn.Level"/> holds.</summary>
    public IReadOnlyList<string> LevelLabels { get; }

    /// <summary>Index of the platform level ("3+").</summary>
    public int TopLevel { get; }

    /// <summary>Index of "no data".</summary>
    public int NoDataLevel { get; }

    public SnapshotColumn? Current => DataDate is { } d ? Columns[d] : null;

    public SnapshotColumn? Previous => PreviousDate is { } p ? Columns[p] : null;

    /// <summary>Indexes of the accounts a filter selects (cached: subscriptions with equal filters share it).</summary>
    public int[] Select(DigestFilters filters) => _selections.GetOrAdd(filters.Key, _ =>
    {
        var list = new List<int>(Accounts.Length);
        for (var i = 0; i < Accounts.Length; i++)
        {
            var a = Accounts[i];
            if (Matches(filters.Segment, a.Segment) && Matches(filters.Region, a.Region) && Matches(filters.Owner, a.Owner) && Matches(filters.Csm, a.Csm)
                && (filters.Plan is null || a.Plans.Contains(filters.Plan, StringComparer.OrdinalIgnoreCase)))
            {
                list.Add(i);
            }
        }

        return [.. list];
    });

    /// <summary>
    /// A chart PNG drawn once per data set and key (kind and filters): channels with the same digest share the picture,
    /// which costs far more than its numbers.
    /// </summary>
    public byte[] ChartPng(string key, Func<byte[]> render) =>
        _charts.GetOrAdd(key, _ => new Lazy<byte[]>(render, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public int UseCaseIndex(string? id)
    {
        for (var u = 0; id is not null && u < UseCaseIds.Count; u++)
        {
            if (string.Equals(UseCaseIds[u], id, StringComparison.OrdinalIgnoreCase))
            {
                return u;
            }
        }

        return -1;
    }

    private static bool Matches(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}

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
