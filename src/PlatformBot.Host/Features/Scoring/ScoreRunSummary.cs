using PlatformBot.Data.Store;

namespace PlatformBot.Host.Features.Scoring;

public sealed record ScoreRunSummary(DateOnly AsOf, string ModelVersion, int Accounts, IReadOnlyDictionary<string, int> AccountsByLevel, TimeSpan Elapsed)
{
    /// <summary>Usage rows read with stored metric cells that are not whole numbers; those cells counted as unknown.</summary>
    public IReadOnlyList<UnreadableUsageRow> UnreadableUsageRows { get; init; } = [];
}
