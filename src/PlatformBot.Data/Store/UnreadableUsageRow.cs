namespace PlatformBot.Data.Store;

/// <summary>A stored usage row whose metric vector has <paramref name="Cells"/> cells that do not decode.</summary>
public sealed record UnreadableUsageRow(string InstanceId, DateOnly SnapshotDate, int Cells);
