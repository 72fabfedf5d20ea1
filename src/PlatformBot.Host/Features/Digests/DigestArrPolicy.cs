namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// The channels where a digest may show ARR amounts. A digest is read by every member of its channel, so only the
/// channel counts (never the subscription's creator): Slack channels listed in <c>Slack:ArrViewerChannelIds</c> (the
/// same list that lets everyone in a channel see ARR on lookup cards), Teams channels or conversations listed in
/// <c>Teams:ArrViewerConversationIds</c>. Empty lists mean no channel: the policy fails closed.
/// </summary>
public sealed class DigestArrOptions
{
    public List<string> SlackChannelIds { get; set; } = [];

    public List<string> TeamsConversationIds { get; set; } = [];

    /// <summary>Read from the platforms' own sections, so one setting per platform governs ARR everywhere.</summary>
    public static void Bind(DigestArrOptions options, IConfiguration configuration)
    {
        options.SlackChannelIds = Ids(configuration, "Slack:ArrViewerChannelIds");
        options.TeamsConversationIds = Ids(configuration, "Teams:ArrViewerConversationIds");
    }

    private static List<string> Ids(IConfiguration configuration, string key) =>
        [.. (configuration.GetSection(key).Get<string[]>() ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];
}

public sealed class DigestArrPolicy(Microsoft.Extensions.Options.IOptions<DigestArrOptions> options)
{
    /// <summary>True only when the digest's channel (Slack) or channel or conversation (Teams) is listed.</summary>
    public bool MayShowArr(DigestTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = options.Value;
        if (target.Platform == DigestPlatform.Slack)
        {
            return Listed(settings.SlackChannelIds, target.ChannelId, StringComparer.Ordinal);
        }

        // Teams conversation ids are case-insensitive in practice (19:…@thread.tacv2); a match on either id counts.
        return Listed(settings.TeamsConversationIds, target.ChannelId, StringComparer.OrdinalIgnoreCase)
            || Listed(settings.TeamsConversationIds, target.ConversationId, StringComparer.OrdinalIgnoreCase);
    }

    private static bool Listed(List<string> ids, string? id, StringComparer comparer) =>
        !string.IsNullOrWhiteSpace(id) && ids.Contains(id, comparer);
}
