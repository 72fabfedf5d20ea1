namespace PlatformBot.Host.Features.Lookup;

/// <summary>Share of ARR and accounts per level ("0".."3+", "no data"), week on week in percentage points.</summary>
public sealed record KpiAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, int Accounts, Money? TotalArr, IReadOnlyList<KpiLine> Levels, int PlatformThreshold) : Answer;
