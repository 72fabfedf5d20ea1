namespace PlatformBot.Host.Features.Digests;

/// <summary>Whether a delivery found its channel able to receive; a broken one pauses the subscription.</summary>
public enum DigestChannelState
{
    Reachable,

    /// <summary>The platform says the channel cannot receive (gone, archived, bot removed): never retried.</summary>
    Broken,
}
