using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Slack;

/// <summary>Who may see ARR in Slack (section <c>Slack</c>). Empty lists mean nobody: the policy fails closed.</summary>
public sealed class SlackAccessOptions
{
    public const string Section = "Slack";

    /// <summary>Slack user ids (U…) who see ARR wherever they ask.</summary>
    public List<string> ArrViewerUserIds { get; set; } = [];

    /// <summary>Channel ids (C…, G…, D…) where every viewer sees ARR.</summary>
    public List<string> ArrViewerChannelIds { get; set; } = [];
}

public sealed class SlackAccessPolicy(IOptions<SlackAccessOptions> options)
{
    /// <summary>True only when the user is listed, or the request comes from a listed channel.</summary>
    public bool MaySeeArr(string? userId, string? channelId)
    {
        var settings = options.Value;
        return (!string.IsNullOrEmpty(userId) && settings.ArrViewerUserIds.Contains(userId, StringComparer.Ordinal))
            || (!string.IsNullOrEmpty(channelId) && settings.ArrViewerChannelIds.Contains(channelId, StringComparer.Ordinal));
    }
}
