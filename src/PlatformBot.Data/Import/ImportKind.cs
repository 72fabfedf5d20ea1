namespace PlatformBot.Data.Import;

public enum ImportKind
{
    Accounts,
    Subscriptions,
    Usage,

    /// <summary>instance_id -> subscription_id, for Service Ping payloads that carry no license subscription id.</summary>
    InstanceMap,
}
