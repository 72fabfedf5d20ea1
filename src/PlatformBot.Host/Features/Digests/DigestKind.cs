namespace PlatformBot.Host.Features.Digests;

public enum DigestKind
{
    ScoreChanges,
    ArrKpi,
    AdoptionTrends,
}
