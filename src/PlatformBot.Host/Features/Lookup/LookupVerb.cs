namespace PlatformBot.Host.Features.Lookup;

public enum LookupVerb
{
    Help,
    Explain,
    Kpi,
    Movers,
    Subscriptions,

    /// <summary>`digest me on|off`: the person's own weekly digest (Argument: "on", "off" or anything else).</summary>
    PersonalDigest,
    Account,
}
