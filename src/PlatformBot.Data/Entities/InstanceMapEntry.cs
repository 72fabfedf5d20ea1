namespace PlatformBot.Data.Entities;

/// <summary>
/// The operator's mapping of an instance to its subscription (`import instance-map`), for Service Ping payloads that
/// carry no license subscription id (Community Edition, or no cloud license).
/// </summary>
public sealed class InstanceMapEntry
{
    public required string InstanceId { get; set; }
    public required string SubscriptionId { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
