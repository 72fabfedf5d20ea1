using System.Collections.Concurrent;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Everything the three digest kinds read, loaded once per data date and shared by every subscription of a batch:
/// the newest snapshot on or before the as-of date, the one before it, and one snapshot per week for the trend.
/// </summary>
public sealed class DigestDataSet
{
    private readonly ConcurrentDictionary<string, int[]> _selections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _charts = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, int>> _ids;

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
        _ids = new(() => accounts.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
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

    /// <summary>The index of an account in <see cref="Accounts"/>, or -1 (a personal digest looks up one book's accounts).</summary>
    public int IndexOf(string accountId) => _ids.Value.GetValueOrDefault(accountId, -1);

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
