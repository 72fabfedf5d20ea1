namespace PlatformBot.Scoring;

/// <summary>A subscription with all usage rows of its instances that the caller could find (any dates; the engine picks).</summary>
public sealed record SubscriptionInput(
    string SubscriptionId,
    string Plan,
    decimal Arr,
    DateOnly? CustomerSince,
    IReadOnlyList<UsageSnapshot> Usage);
