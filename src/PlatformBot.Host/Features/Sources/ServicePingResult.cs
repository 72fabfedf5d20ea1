namespace PlatformBot.Host.Features.Sources;

/// <summary>One imported payload: whose, of which day, under which subscription, and which columns were known.</summary>
public sealed record ServicePingResult(
    string InstanceId, DateOnly SnapshotDate, SubscriptionChoice Subscription, string? Version, IReadOnlyList<ServicePingValue> Values)
{
    public int KnownColumns => Values.Count(v => v.Value is not null);

    public string Summary => $"instance {InstanceId} as of {SnapshotDate:yyyy-MM-dd} (GitLab {Version ?? "version unknown"}), subscription {Subscription.Id} from {Subscription.From}: {KnownColumns} of {Values.Count} columns known";
}
