namespace PlatformBot.Host.Features.Lookup;

/// <summary>An account offered in a pick list or as a suggestion (button value = <see cref="AccountId"/>).</summary>
public sealed record AccountChoice(string AccountId, string Name, string? Segment, string? Region)
{
    public static AccountChoice From(DirectoryEntry entry) => new(entry.AccountId, entry.Name, entry.Segment, entry.Region);
}
