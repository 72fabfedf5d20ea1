namespace PlatformBot.Host.Features.Retention;

public sealed record PruneResult(bool DryRun, IReadOnlyList<PrunedTable> Tables);
