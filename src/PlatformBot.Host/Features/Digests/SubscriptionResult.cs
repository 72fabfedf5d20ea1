namespace PlatformBot.Host.Features.Digests;

/// <summary>The outcome of a subscription command, worded for the person who gave it.</summary>
public sealed record SubscriptionResult(bool Succeeded, string Message, SubscriptionView? Subscription, IReadOnlyList<string> Warnings)
{
    public static SubscriptionResult Fail(string message) => new(false, message, null, []);
}
