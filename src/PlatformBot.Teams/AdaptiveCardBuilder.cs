using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>
/// Builds an Adaptive Card (version 1.5, the newest Teams renders) as plain JSON nodes. Elements and actions come
/// from <see cref="AdaptiveElements"/> and <see cref="AdaptiveActions"/>; run <see cref="AdaptiveCardValidator"/>
/// on anything assembled by hand.
/// </summary>
public sealed class AdaptiveCardBuilder
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    private readonly JsonArray _body = [];
    private readonly JsonArray _actions = [];
    private bool _fullWidth;
    private JsonObject? _refresh;
    private string? _fallbackText;

    public AdaptiveCardBuilder Add(params IEnumerable<JsonObject> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        foreach (var element in elements)
        {
            _body.Add(AdaptiveElements.Adopt(element));
        }

        return this;
    }

    /// <summary>Card-level actions (shown at the bottom). Prefer an ActionSet in the body for Action.Execute.</summary>
    public AdaptiveCardBuilder AddActions(params IEnumerable<JsonObject> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            _actions.Add(AdaptiveElements.Adopt(action));
        }

        return this;
    }

    /// <summary>msteams.width = "Full": use the whole message width.</summary>
    public AdaptiveCardBuilder FullWidth()
    {
        _fullWidth = true;
        return this;
    }

    /// <summary>
    /// Card refresh through Action.Execute with <paramref name="verb"/>. Up to 60 user MRIs ("29:…") refresh
    /// automatically; an empty list gives a manual "Refresh card" menu.
    /// </summary>
    public AdaptiveCardBuilder WithRefresh(string verb, IEnumerable<string> userIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        ArgumentNullException.ThrowIfNull(userIds);
        JsonArray ids = [];
        foreach (var id in userIds)
        {
            ids.Add(id);
        }

        if (ids.Count > 60)
        {
            throw new ArgumentException("Teams refreshes cards automatically for at most 60 users.", nameof(userIds));
        }

        _refresh = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb },
            ["userIds"] = ids,
        };
        return this;
    }

    /// <summary>Text shown by clients that cannot render the card.</summary>
    public AdaptiveCardBuilder WithFallbackText(string text)
    {
        _fallbackText = text;
        return this;
    }

    /// <summary>A new, independent card object (the builder can be reused).</summary>
    public JsonObject Build()
    {
        JsonObject card = new()
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
        };
        AddContent(card);
        if (_fullWidth)
        {
            card["msteams"] = new JsonObject { ["width"] = "Full" };
        }

        if (_refresh is not null)
        {
            card["refresh"] = _refresh.DeepClone();
        }

        if (_fallbackText is not null)
        {
            card["fallbackText"] = _fallbackText;
        }

        return card;
    }

    /// <summary>The card shape used inside Action.ShowCard: no schema, version or Teams settings.</summary>
    internal JsonObject BuildNested()
    {
        JsonObject card = new() { ["type"] = "AdaptiveCard" };
        AddContent(card);
        return card;
    }

    private void AddContent(JsonObject card)
    {
        card["body"] = _body.DeepClone();
        if (_actions.Count > 0)
        {
            card["actions"] = _actions.DeepClone();
        }
    }
}
