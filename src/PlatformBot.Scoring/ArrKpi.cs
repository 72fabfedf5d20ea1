namespace PlatformBot.Scoring;

/// <summary>ARR by level as of a date; levels always in the order 0, 1, 2, 3+, no data.</summary>
public sealed record ArrKpi(DateOnly AsOf, decimal TotalArr, IReadOnlyList<KpiLevel> Levels);
