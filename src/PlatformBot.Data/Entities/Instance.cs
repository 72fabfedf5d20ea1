namespace PlatformBot.Data.Entities;

/// <summary>The latest known facts about an instance (the usage rows keep their own history).</summary>
public sealed class Instance
{
    public required string InstanceId { get; set; }
    public required string SubscriptionId { get; set; }
    public required string InstanceType { get; set; }
    public DateOnly LastSnapshotDate { get; set; }
}
