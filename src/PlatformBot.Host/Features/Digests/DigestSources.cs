namespace PlatformBot.Host.Features.Digests;

/// <summary>Where a send request came from; shown in the delivery log.</summary>
public static class DigestSources
{
    public const string Schedule = "schedule";
    public const string CatchUp = "catch-up";
    public const string Cli = "cli";
    public const string Chat = "chat";
}
