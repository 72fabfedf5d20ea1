namespace PlatformBot.Host.Features.Digests;

/// <summary>What a subscribe request says, parsed but not yet checked against the store.</summary>
public sealed record SubscriptionRequest(
    DigestKind Kind,
    DigestFilters Filters,
    string? Day = null,
    string? Time = null,
    string? TimeZone = null,
    bool? SkipWhenNoChanges = null);
