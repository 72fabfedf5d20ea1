namespace PlatformBot.Host.Features.Digests;

/// <summary>The registered <see cref="IDigestChannel"/>s, found by platform.</summary>
public sealed class DigestChannels(IEnumerable<IDigestChannel> channels)
{
    private readonly IReadOnlyList<IDigestChannel> _all = [.. channels];

    /// <summary>Every platform's channel, in registration order (alerts go to each).</summary>
    public IReadOnlyList<IDigestChannel> All => _all;

    public IDigestChannel? Find(DigestPlatform platform) => _all.FirstOrDefault(c => c.Platform == platform);
}
