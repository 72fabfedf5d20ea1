namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// The outcome of resolving a query. <see cref="Candidates"/> is ranked and holds at most
/// <see cref="NameIndex.MaxChoices"/> (pick list) or <see cref="NameIndex.MaxSuggestions"/> (did you mean);
/// <see cref="TotalMatches"/> counts every match of the winning tier, so a pick list can say "5 of 37".
/// </summary>
public sealed record Resolution(ResolutionKind Kind, string Query, IReadOnlyList<Candidate> Candidates, int TotalMatches)
{
    /// <summary>The account when <see cref="Kind"/> is <see cref="ResolutionKind.Single"/>, else null.</summary>
    public DirectoryEntry? Account => Kind == ResolutionKind.Single ? Candidates[0].Account : null;
}
