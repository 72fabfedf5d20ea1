namespace PlatformBot.Host.Features.Demo;

/// <param name="Instances">Instances with at least one usage row (what the store knows about).</param>
public sealed record DemoSeedResult(int Accounts, int Subscriptions, int Instances, long UsageRows, TimeSpan Elapsed);
