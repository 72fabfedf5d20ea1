using System.Globalization;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// A digest alert as Teams shows it (the creator's 1:1 chat, Digests:TeamsAlertChannel): escaped text within 4,000
/// characters, and, when the subscription is paused, a card with a Reactivate button (Action.Execute, with an
/// Action.Submit fallback) that works for digest managers only.
/// </summary>
public static class TeamsDigestAlert
{
    /// <summary>Action.Execute verb of the Reactivate button; data is <c>{ "subscriptionId": "4" }</c>.</summary>
    public const string ReactivateVerb = "digest_reactivate";

    public const string SubscriptionIdKey = "subscriptionId";

    public static Activity Render(DigestAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = TeamsText.EscapeLines(alert.Text.Length > 4_000 ? alert.Text[..4_000] + "…" : alert.Text);
        if (alert.ReactivateSubscriptionId is not { } id)
        {
            return Activity.CreateMessage(text);
        }

        var card = new AdaptiveCardBuilder().WithFallbackText(text)
            .Add(AdaptiveElements.TextBlock(text))
            .AddActions(AdaptiveActions.Execute(Wording.Reactivate, ReactivateVerb,
                new JsonObject { [SubscriptionIdKey] = id.ToString(CultureInfo.InvariantCulture) }))
            .Build();
        return Activity.CreateCardMessage(card, text);
    }
}
