namespace PlatformBot.Host.Features.Demo;

/// <param name="UserShare">Billable users as a share of the subscription's users in use.</param>
/// <param name="Activity">How much of the users' activity this instance sees (a geo replica sees little).</param>
/// <param name="FirstWeek">First week index with a usage row.</param>
/// <param name="LastWeek">Last week index with a usage row; below <paramref name="FirstWeek"/> means never.</param>
internal sealed record DemoInstance(
    string Id,
    string Type,
    double UserShare,
    double Activity,
    int FirstWeek,
    int LastWeek,
    BlindSpots Blind)
{
    public bool Reports => LastWeek >= FirstWeek;

    public bool ReportsIn(int week) => week >= FirstWeek && week <= LastWeek;
}
