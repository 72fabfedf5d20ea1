namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Several accounts match: the best <see cref="NameIndex.MaxChoices"/>, ranked, out of <see cref="TotalMatches"/>;
/// <see cref="More"/> holds the next ones, ranked, up to <see cref="MaxMore"/>, for surfaces that can offer them
/// in a list (Slack's select menu).
/// </summary>
public sealed record PickListAnswer(string Query, IReadOnlyList<AccountChoice> Choices, int TotalMatches) : Answer
{
    /// <summary>Slack's limit for a select menu's options.</summary>
    public const int MaxMore = 100;

    public IReadOnlyList<AccountChoice> More { get; init; } = [];
}
