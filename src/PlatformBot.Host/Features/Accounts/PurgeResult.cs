namespace PlatformBot.Host.Features.Accounts;

/// <summary>The outcome of <see cref="AccountPurge.PurgeAsync"/>; <see cref="Purged"/> is false for a run without confirmation.</summary>
public sealed record PurgeResult(string AccountId, string Name, bool Purged, PurgeCounts Counts);
