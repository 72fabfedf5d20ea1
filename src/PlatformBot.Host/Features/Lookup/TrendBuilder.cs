using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>The KPI and movers answers from stored snapshots. Pure.</summary>
public static class TrendBuilder
{
    public const int MaxMovers = 10;

    public static KpiAnswer Kpi(ArrKpi now, ArrKpi? before, int platformThreshold, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(now);
        var lines = now.Levels.Select(l =>
        {
            var previous = before?.Levels.FirstOrDefault(b => b.Level == l.Level);
            return new KpiLine(l.Level, l.Share, l.Accounts, maySeeArr ? new Money(l.Arr, currency) : null,
                before is null ? null : (l.Share - (previous?.Share ?? 0)) * 100,
                before is null ? null : l.Accounts - (previous?.Accounts ?? 0));
        }).ToList();
        return new KpiAnswer(now.AsOf, before?.AsOf, now.Levels.Sum(l => l.Accounts), maySeeArr ? new Money(now.TotalArr, currency) : null, lines, platformThreshold);
    }

    /// <summary>
    /// Accounts whose level went up or down between the two dates, largest ARR first (then more steps, then name).
    /// Moves into or out of "no data" are not ranked: they say the data changed, not the adoption.
    /// </summary>
    public static MoversAnswer Movers(
        DateOnly asOf, DateOnly previousAsOf, IReadOnlyList<StoredScore> now, IReadOnlyList<StoredScore> then, ScoringModel model, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(model);
        var order = model.LevelLabels.Where(l => l != AdoptionLevel.NoDataLabel)
            .Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var previous = then.ToDictionary(s => s.AccountId, StringComparer.Ordinal);
        var moves = new List<(Mover Mover, decimal Arr)>();
        foreach (var current in now)
        {
            if (previous.TryGetValue(current.AccountId, out var old)
                && order.TryGetValue(old.Level, out var from) && order.TryGetValue(current.Level, out var to) && from != to)
            {
                moves.Add((new Mover(current.AccountId, current.Name, old.Level, current.Level, to - from, maySeeArr ? new Money(current.Arr, currency) : null), current.Arr));
            }
        }

        static List<Mover> Top(IEnumerable<(Mover Mover, decimal Arr)> list) => list
            .OrderByDescending(m => m.Arr).ThenByDescending(m => Math.Abs(m.Mover.Steps))
            .ThenBy(m => m.Mover.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Mover.AccountId, StringComparer.Ordinal)
            .Take(MaxMovers).Select(m => m.Mover).ToList();

        var up = moves.Where(m => m.Mover.Steps > 0).ToList();
        var down = moves.Where(m => m.Mover.Steps < 0).ToList();
        return new MoversAnswer(asOf, previousAsOf, Top(up), Top(down), up.Count, down.Count);
    }
}
