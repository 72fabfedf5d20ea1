using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>One account as the directory knows it. <see cref="Key"/> is the stored name key (lower case, single spaces).</summary>
public sealed record DirectoryEntry(string AccountId, string Name, string Key, string? Segment, string? Region, string? Owner, string? Csm)
{
    /// <summary>An entry whose key is derived from the name the way the importer derives it (tests, benchmarks, demo).</summary>
    public static DirectoryEntry Create(string accountId, string name, string? segment = null, string? region = null, string? owner = null, string? csm = null) =>
        new(accountId, name, NameKey.From(name), segment, region, owner, csm);
}
