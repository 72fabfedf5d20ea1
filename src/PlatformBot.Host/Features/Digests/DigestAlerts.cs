using PlatformBot.Data.Entities;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Alerts about a subscription: every platform's channel tells the creator when they are its user (Slack: a DM;
/// Teams: a 1:1 chat) and its own alert channel (Digests:AlertChannel, Digests:TeamsAlertChannel). Never throws.
/// </summary>
public sealed class DigestAlerts(DigestChannels channels)
{
    public async Task SendAsync(DigestSubscription subscription, string text, CancellationToken cancellationToken)
    {
        foreach (var channel in channels.All)
        {
            await channel.AlertAsync(subscription, text, cancellationToken);
        }
    }
}
