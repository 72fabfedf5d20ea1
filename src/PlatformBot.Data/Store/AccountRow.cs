namespace PlatformBot.Data.Store;

/// <summary>An account as the directory and the digest filters see it (name key as the importer folded it).</summary>
public sealed record AccountRow(string AccountId, string Name, string NameKey, string? Segment, string? Region, string? Owner, string? Csm);
