namespace PlatformBot.Data.Store;

/// <summary>The cells of a stored snapshot a digest reads: level label, ARR in cents and the stored use-case JSON.</summary>
public readonly record struct SnapshotCells(string AccountId, string Level, long ArrCents, string UseCases);
