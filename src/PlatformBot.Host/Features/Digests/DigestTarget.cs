using System.Text;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Access;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Where a digest goes: a Slack channel, a Teams channel (new post) or a Teams conversation.</summary>
public sealed record DigestTarget(DigestPlatform Platform, string ChannelId, string? ServiceUrl = null, string? TenantId = null, string? ConversationId = null)
{
    public static DigestTarget From(DigestSubscription s) =>
        new(DigestKinds.TryParsePlatform(s.Platform, out var p) ? p : DigestPlatform.Slack, s.ChannelId, s.ServiceUrl, s.TenantId, s.ConversationId);

    /// <summary>
    /// Who reads a digest posted here, for <see cref="ArrVisibility"/>: everyone in the channel, so only the channel
    /// (and a Teams conversation) counts, never the subscription's creator (ADR 0007).
    /// </summary>
    public ArrAudience Audience() => Platform == DigestPlatform.Slack
        ? ArrAudience.SlackChannel(ChannelId)
        : ArrAudience.TeamsConversation(ChannelId, ConversationId);

    public string Describe()
    {
        var text = new StringBuilder(Platform.Text()).Append(' ').Append(ChannelId);
        if (Platform == DigestPlatform.Teams && ConversationId is { Length: > 0 } conversation && conversation != ChannelId)
        {
            text.Append(" (conversation ").Append(conversation).Append(')');
        }

        return text.ToString();
    }
}
