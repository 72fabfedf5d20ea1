namespace PlatformBot.Host.Features.Digests;

/// <summary>Proof of a successful claim: only its holder may complete the delivery row.</summary>
public sealed record DeliveryTicket(long DeliveryId, long SubscriptionId, string PeriodKey, string Token);
