using PlatformBot.Data.Entities;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// One chat platform as the digests see it. Digests decides what a digest says, when it goes and that it goes once
/// (<see cref="DigestSender"/>, <see cref="DeliveryLedger"/>); the platform's feature folder decides how it looks and
/// how it is posted. Implemented by Features/Slack and Features/Teams and registered by their own AddXxxFeature, so
/// Digests never references a platform (ADR 0015). Registered whether or not the platform is configured: the
/// preview works anywhere, and a send to an unconfigured platform ends as a clear failure.
/// </summary>
public interface IDigestChannel
{
    DigestPlatform Platform { get; }

    /// <summary>What the owner of a broken channel of this platform does to fix it (an invitation, an app install).</summary>
    string BrokenChannelFix { get; }

    /// <summary>
    /// Renders <paramref name="content"/> and posts it to <paramref name="target"/>: retries only what provably posted
    /// nothing, falls back to text on rejected content, records the headline's message id on
    /// <paramref name="ticket"/> as soon as it is posted, and reports partial delivery. A platform failure is an
    /// outcome, not an exception; cancellation throws.
    /// </summary>
    Task<DeliveryOutcome> DeliverAsync(DeliveryTicket ticket, DigestTarget target, DigestContent content, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the subscription's creator (when they are a user of this platform) and this platform's alert channel,
    /// if any, with a Reactivate button when <see cref="DigestAlert.ReactivateSubscriptionId"/> is set. Never throws:
    /// an alert that cannot be sent is logged.
    /// </summary>
    Task AlertAsync(DigestSubscription subscription, DigestAlert alert, CancellationToken cancellationToken);

    /// <summary>Fills in what a new subscription's target left out from what the platform stored (Teams: service URL and tenant).</summary>
    Task<DigestTarget> CompleteTargetAsync(DigestTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Why this platform's send path would refuse every delivery to <paramref name="target"/> (Teams: a service URL its
    /// connector does not send to), or null. Asked at subscribe time so the refusal is seen then, not at every send.
    /// </summary>
    string? RefuseTarget(DigestTarget target) => null;

    /// <summary>
    /// Where this platform reaches the person with <paramref name="email"/> for the personal digest when nobody asked
    /// (Digests:PersonalDefault), or null: Slack looks the e-mail up; Teams cannot without Microsoft Graph, so its
    /// people turn the digest on themselves.
    /// </summary>
    Task<PersonalReach?> FindPersonAsync(string email, CancellationToken cancellationToken) => Task.FromResult<PersonalReach?>(null);

    /// <summary>The platform calls a send would make, as JSON, for `platformbot digests preview`.</summary>
    string PreviewJson(DigestContent content, string channel);
}
