namespace PlatformBot.Host.Features.Sources;

/// <summary>What the importer needs from one Service Ping payload; every other key of it is left unread.</summary>
public sealed record ServicePingPayload(
    string InstanceId, DateOnly SnapshotDate, string? LicenseSubscriptionId, string? Version, IReadOnlyList<ServicePingValue> Values);
