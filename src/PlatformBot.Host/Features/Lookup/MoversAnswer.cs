namespace PlatformBot.Host.Features.Lookup;

/// <summary>Level changes since the previous stored snapshot date, largest ARR first; totals count all movers.</summary>
public sealed record MoversAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, IReadOnlyList<Mover> Up, IReadOnlyList<Mover> Down, int UpTotal, int DownTotal) : Answer;
