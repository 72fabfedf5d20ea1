using System.Text.Json;

namespace PlatformBot.Teams;

/// <summary>
/// A card button press, whichever way it arrived. For Submit the verb is read from <c>data.verb</c>, which is how
/// <see cref="AdaptiveActions.Execute"/> builds its Action.Submit fallback, so both paths route alike.
/// </summary>
public sealed record AdaptiveCardAction(
    AdaptiveCardActionKind Kind,
    string? Verb,
    JsonElement? Data,
    string? ActionId,
    string? Trigger,
    string? CardActivityId);
