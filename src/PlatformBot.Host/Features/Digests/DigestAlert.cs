namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// An alert as the platforms render it: plain text (escaped by each renderer), and the subscription a Reactivate
/// button puts back to active when the alert is about a paused subscription (null: no button).
/// </summary>
public sealed record DigestAlert(string Text, long? ReactivateSubscriptionId);
