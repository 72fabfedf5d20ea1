namespace PlatformBot.Scoring;

/// <summary>An account and its subscriptions.</summary>
public sealed record AccountInput(
    string AccountId,
    IReadOnlyList<SubscriptionInput> Subscriptions);
