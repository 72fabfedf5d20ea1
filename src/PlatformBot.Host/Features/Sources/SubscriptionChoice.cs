namespace PlatformBot.Host.Features.Sources;

/// <summary>A subscription id and where it came from (a JSON path, a setting, the instance map), for messages.</summary>
public sealed record SubscriptionChoice(string Id, string From);
