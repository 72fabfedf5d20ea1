namespace PlatformBot.Host.Features.Lookup;

public enum LookupVerb
{
    Help,
    Explain,
    Kpi,
    Movers,
    Subscriptions,
    Account,
}
