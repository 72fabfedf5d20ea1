namespace PlatformBot.Host.Features.Access;

/// <summary>
/// Who may see ARR, read from the keys operators already set in each surface's own section:
/// <c>Slack:ArrViewerUserIds</c>, <c>Slack:ArrViewerChannelIds</c>, <c>Teams:ArrViewerAadObjectIds</c>,
/// <c>Teams:ArrViewerConversationIds</c> and <c>Preview:ShowArr</c>. Empty lists and false mean nobody: fail closed.
/// Only Features/Access reads these keys (an architecture test keeps it so).
/// </summary>
public sealed class ArrVisibilityOptions
{
    public List<string> SlackUserIds { get; set; } = [];

    public List<string> SlackChannelIds { get; set; } = [];

    public List<string> TeamsAadObjectIds { get; set; } = [];

    public List<string> TeamsConversationIds { get; set; } = [];

    public bool PreviewShowArr { get; set; }

    public static void Bind(ArrVisibilityOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.SlackUserIds = Ids(configuration, "Slack:ArrViewerUserIds");
        options.SlackChannelIds = Ids(configuration, "Slack:ArrViewerChannelIds");
        options.TeamsAadObjectIds = Ids(configuration, "Teams:ArrViewerAadObjectIds");
        options.TeamsConversationIds = Ids(configuration, "Teams:ArrViewerConversationIds");
        options.PreviewShowArr = configuration.GetValue<bool>("Preview:ShowArr");
    }

    /// <summary>Blank entries dropped and surrounding spaces trimmed (a YAML or environment slip must not open or close a list).</summary>
    private static List<string> Ids(IConfiguration configuration, string key) =>
        [.. (configuration.GetSection(key).Get<string[]>() ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];
}
