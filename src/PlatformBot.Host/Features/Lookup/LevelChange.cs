namespace PlatformBot.Host.Features.Lookup;

/// <summary>The account's level in an earlier stored snapshot (and the model version that scored it).</summary>
public sealed record LevelChange(DateOnly Since, string Before, int? AdoptionScoreBefore, TrendDirection Direction, string ModelVersion);
