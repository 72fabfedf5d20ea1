namespace PlatformBot.Data.Store;

/// <summary>The change marker's counters as read at one moment (<see cref="StoreChangeMarker.ReadAsync"/>).</summary>
public sealed record StoreMark(long Version, long AccountsVersion);
