namespace PlatformBot.Host.Features.Access;

/// <summary>Where an answer that may carry ARR amounts is read.</summary>
public enum ArrSurface
{
    Slack,
    Teams,

    /// <summary>The local preview page (Features/Preview).</summary>
    Preview,

    /// <summary>`platformbot ask` and the other verbs that print answers.</summary>
    Cli,
}
