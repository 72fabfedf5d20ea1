namespace PlatformBot.Host.Features.Demo;

internal sealed record DemoSubscription(
    string Id,
    string Plan,
    decimal Arr,
    string Delivery,
    DateOnly CustomerSince,
    int LicensedUsers,
    double Utilization,
    double[] ThemeOffsets,
    IReadOnlyList<DemoInstance> Instances);
