using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Alerts about a subscription: every platform's channel tells the creator when they are its user (Slack: a DM;
/// Teams: a 1:1 chat) and its own alert channel (Digests:AlertChannel, Digests:TeamsAlertChannel). The words come
/// from <see cref="Wording"/>, in the subscription's platform's terms. Never throws. Callers alert once per
/// delivery: each alert follows a database change only one node can make (a completed claim, a swept claim, an
/// inserted skipped row).
/// </summary>
public sealed class DigestAlerts(DigestChannels channels)
{
    /// <summary>A delivery that ended unknown, partial or failed.</summary>
    public Task DeliveryEndedAsync(DigestSubscription subscription, string period, string status, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var (teams, place) = Place(subscription);
        var why = error ?? "no detail was recorded";
        var text = status switch
        {
            DigestStatus.Unknown => Wording.DigestMaybePosted(subscription.Kind, place, subscription.Id, period, why, teams),
            DigestStatus.Partial => Wording.DigestPartlyPosted(subscription.Kind, place, subscription.Id, period, why),
            _ => Wording.DigestNotPosted(subscription.Kind, place, subscription.Id, period, why),
        };
        return SendAsync(subscription, new DigestAlert(text, null), cancellationToken);
    }

    /// <summary>A digest missed by more than Digests:CatchUpWindow, recorded as skipped.</summary>
    public Task MissedAsync(DigestSubscription subscription, string period, DateTimeOffset due, TimeSpan window, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var (_, place) = Place(subscription);
        return SendAsync(subscription, new DigestAlert(Wording.DigestMissed(subscription.Kind, place, subscription.Id, period, due, window, next), null), cancellationToken);
    }

    /// <summary>The channel refused the digest and the subscription is paused: the alert offers Reactivate.</summary>
    public Task ChannelBrokenAsync(DigestSubscription subscription, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var (teams, place) = Place(subscription);
        var fix = channels.Find(DigestTarget.From(subscription).Platform)?.BrokenChannelFix ?? "restore the channel";
        return SendAsync(subscription, new DigestAlert(Wording.DigestChannelBroken(subscription.Kind, place, subscription.Id, reason, fix, teams), subscription.Id), cancellationToken);
    }

    private async Task SendAsync(DigestSubscription subscription, DigestAlert alert, CancellationToken cancellationToken)
    {
        foreach (var channel in channels.All)
        {
            await channel.AlertAsync(subscription, alert, cancellationToken);
        }
    }

    private static (bool Teams, string Place) Place(DigestSubscription subscription)
    {
        var teams = DigestTarget.From(subscription).Platform == DigestPlatform.Teams;
        return (teams, Wording.DigestPlace(teams, subscription.ChannelId));
    }
}
