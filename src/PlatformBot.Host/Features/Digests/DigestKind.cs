namespace PlatformBot.Host.Features.Digests;

public enum DigestKind
{
    ScoreChanges,
    ArrKpi,
    AdoptionTrends,

    /// <summary>The personal digest: one person's own book, by DM (PersonalDigests); never a channel's subscription.</summary>
    MyAccounts,
}
