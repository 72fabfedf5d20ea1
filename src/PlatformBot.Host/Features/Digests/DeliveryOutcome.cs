namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// What one platform delivery did: a <see cref="DigestStatus"/>, the headline's message id and conversation, the
/// mode it went in (blocks, text, card...), what went wrong or was noted, and whether the channel is broken.
/// </summary>
public sealed record DeliveryOutcome(string Status, string? MessageId, string? Channel, string? Mode, string? Error, DigestChannelState ChannelState = DigestChannelState.Reachable)
{
    public bool ChannelBroken => ChannelState == DigestChannelState.Broken;

    /// <summary>A delivery that posted nothing because the platform is not configured on this host.</summary>
    public static DeliveryOutcome NotConfigured(string channel, string why) => new(DigestStatus.Failed, null, channel, null, why);
}
