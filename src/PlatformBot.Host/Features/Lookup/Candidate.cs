namespace PlatformBot.Host.Features.Lookup;

/// <summary>A ranked candidate; <see cref="Distance"/> is the edit distance for fuzzy suggestions, else 0.</summary>
public sealed record Candidate(DirectoryEntry Account, MatchKind Match, int Distance = 0);
