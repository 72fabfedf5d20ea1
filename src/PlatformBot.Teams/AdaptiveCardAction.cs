using System.Text.Json;

namespace PlatformBot.Teams;

public enum AdaptiveCardActionKind
{
    /// <summary>Action.Submit: arrives as a message activity whose value is the action data merged with inputs.</summary>
    Submit,

    /// <summary>Action.Execute: arrives as an <c>adaptiveCard/action</c> invoke and must be answered synchronously.</summary>
    Execute,
}

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
