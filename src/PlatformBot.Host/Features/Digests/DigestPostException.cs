namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// A platform post that failed, with what that means (<see cref="PostFailureKind"/>). Thrown and caught inside a
/// channel's delivery only; what leaves the channel is a <see cref="DeliveryOutcome"/>.
/// </summary>
internal sealed class DigestPostException(string error, PostFailureKind kind) : Exception(error)
{
    public string Error { get; } = error;

    public PostFailureKind Kind { get; } = kind;

    public bool MaybePosted => Kind == PostFailureKind.MaybePosted;

    public bool Rejected => Kind == PostFailureKind.RejectedContent;

    /// <summary>The error as a problem line of a partial delivery.</summary>
    public string Describe() => MaybePosted ? Error + " (unknown — not resent)" : Error;

    /// <summary>The delivery when nothing more went after this failure: unknown if it may have posted, else failed.</summary>
    public DeliveryOutcome ToDelivery(string? messageId, string channel, string mode, string? prefix)
    {
        var described = prefix is null ? Error : $"{prefix}: {Error}";
        var status = MaybePosted ? DigestStatus.Unknown : DigestStatus.Failed;
        return new DeliveryOutcome(status, messageId, channel, mode, described,
            Kind == PostFailureKind.BrokenChannel ? DigestChannelState.Broken : DigestChannelState.Reachable);
    }
}
