using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// A digest alert as Slack shows it (a DM to the creator, a post in Digests:AlertChannel): the text, and a Reactivate
/// button when the subscription is paused. The button works for digest managers only (<see cref="SubscriptionService.CanManage"/>).
/// </summary>
public static class SlackDigestAlert
{
    /// <summary>action_id of the Reactivate button; its value is the subscription id.</summary>
    public const string ReactivateAction = "digest_reactivate";

    public static SlackMessage Render(DigestAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = SlackText.EscapeLines(alert.Text);
        text = text.Length > 2_900 ? text[..2_899] + "…" : text;
        if (alert.ReactivateSubscriptionId is not { } id)
        {
            return new SlackMessage { Text = text };
        }

        return new SlackMessage
        {
            Text = text,
            Blocks =
            [
                SectionBlock.VerbatimMrkdwn(text),
                new ActionsBlock([new ButtonElement(new PlainText(Wording.Reactivate), ReactivateAction) { Value = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }]),
            ],
        };
    }

    /// <summary>The Reactivate button was pressed: what its presser is told (in place of nothing else: the alert stays).</summary>
    public static async Task<SlackMessage> ReactivateAsync(IServiceProvider services, string userId, string subscriptionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var result = await services.GetRequiredService<SubscriptionService>().ReactivateFromChatAsync([userId], subscriptionId, null, cancellationToken);
        return new SlackMessage { Text = SlackText.EscapeLines(result.Message), ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = false };
    }
}
