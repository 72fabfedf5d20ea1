using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>Adaptive Card 1.5 actions.</summary>
public static class AdaptiveActions
{
    /// <summary>Posts a message activity whose value is <paramref name="data"/> merged with the card's inputs.</summary>
    public static JsonObject Submit(string title, JsonObject? data = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        JsonObject action = new() { ["type"] = "Action.Submit", ["title"] = title };
        if (data is not null)
        {
            action["data"] = AdaptiveElements.Adopt(data);
        }

        return action;
    }

    /// <summary>
    /// Universal Action: an <c>adaptiveCard/action</c> invoke with <paramref name="verb"/> and <paramref name="data"/>.
    /// By default it carries an Action.Submit fallback for older clients whose data repeats the verb as
    /// <c>data.verb</c>, so <see cref="Activity.GetAdaptiveCardAction"/> yields the same verb either way.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject? data = null, bool withSubmitFallback = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        JsonObject action = new() { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb };
        if (data is not null)
        {
            action["data"] = data.DeepClone();
        }

        if (withSubmitFallback)
        {
            var fallbackData = data is null ? [] : (JsonObject)data.DeepClone();
            fallbackData["verb"] = verb;
            action["fallback"] = Submit(title, fallbackData);
        }

        return action;
    }

    public static JsonObject OpenUrl(string title, Uri url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("Action.OpenUrl needs an absolute URL.", nameof(url));
        }

        return new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.AbsoluteUri };
    }

    /// <summary>Reveals <paramref name="card"/> below the card, client-side.</summary>
    public static JsonObject ShowCard(string title, AdaptiveCardBuilder card)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(card);
        return new JsonObject { ["type"] = "Action.ShowCard", ["title"] = title, ["card"] = card.BuildNested() };
    }
}
