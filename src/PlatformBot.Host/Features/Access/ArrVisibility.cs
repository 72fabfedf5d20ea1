using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Access;

/// <summary>
/// The one rule for who sees ARR amounts (ADR 0018). Every surface asks it: Slack and Teams lookups, digests, the
/// preview page and the CLI. Fails closed: nothing configured means nobody, an unknown id never matches.
/// <list type="bullet">
/// <item>Slack: the user is in <c>Slack:ArrViewerUserIds</c>, or the channel in <c>Slack:ArrViewerChannelIds</c>
/// (ids compared exactly: Slack ids are upper case).</item>
/// <item>Teams: the user's aadObjectId is in <c>Teams:ArrViewerAadObjectIds</c>, or the channel or conversation in
/// <c>Teams:ArrViewerConversationIds</c> (case-insensitive: Teams ids come back in either case).</item>
/// <item>Preview: <c>Preview:ShowArr</c>.</item>
/// <item>CLI: only when asked with --show-arr (whoever runs the CLI can read the store anyway; the switch keeps
/// amounts off a shared screen or a pasted transcript by default).</item>
/// </list>
/// </summary>
public sealed class ArrVisibility(IOptions<ArrVisibilityOptions> options)
{
    public bool MaySeeArr(ArrAudience audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var settings = options.Value;
        return audience.Surface switch
        {
            ArrSurface.Slack => Listed(settings.SlackUserIds, audience.UserId, StringComparer.Ordinal)
                || Listed(settings.SlackChannelIds, audience.ChannelId, StringComparer.Ordinal),
            ArrSurface.Teams => Listed(settings.TeamsAadObjectIds, audience.UserId, StringComparer.OrdinalIgnoreCase)
                || Listed(settings.TeamsConversationIds, audience.ChannelId, StringComparer.OrdinalIgnoreCase)
                || Listed(settings.TeamsConversationIds, audience.ConversationId, StringComparer.OrdinalIgnoreCase),
            ArrSurface.Preview => settings.PreviewShowArr,
            ArrSurface.Cli => audience.Requested,
            _ => false,
        };
    }

    private static bool Listed(List<string> ids, string? id, StringComparer comparer) =>
        !string.IsNullOrWhiteSpace(id) && ids.Contains(id, comparer);
}
