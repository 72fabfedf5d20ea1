namespace PlatformBot.Host.Features.Demo;

internal sealed record DemoAccount(
    string Id,
    string Name,
    string Segment,
    string Region,
    string? Csm,
    string Owner,
    double Overall,
    double[] Target,
    double[] Maturity,
    IReadOnlyList<DemoSubscription> Subscriptions);
