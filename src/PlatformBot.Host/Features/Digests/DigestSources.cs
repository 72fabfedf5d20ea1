namespace PlatformBot.Host.Features.Digests;

/// <summary>Where a send request came from; shown in the delivery log.</summary>
public static class DigestSources
{
    public const string Schedule = "schedule";
    public const string CatchUp = "catch-up";
    public const string Cli = "cli";

    /// <summary>`platformbot digests send --due`: every subscription due in a window, one process, one data load.</summary>
    public const string Due = "cli-due";
    public const string Chat = "chat";
}
