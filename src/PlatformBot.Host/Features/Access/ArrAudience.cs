namespace PlatformBot.Host.Features.Access;

/// <summary>
/// Who will read an answer, as far as ARR is concerned: the surface, and there the person (Slack user id, Teams
/// aadObjectId), the channel (Slack channel id, Teams channel id) and conversation (Teams) it is read in. A field left
/// null does not count; the factories say which fields each kind of reader has, so a digest (read by a whole channel)
/// cannot carry its creator by accident. <see cref="ArrVisibility"/> decides.
/// </summary>
public sealed record ArrAudience
{
    private ArrAudience(ArrSurface surface, string? userId, string? channelId, string? conversationId, bool requested)
    {
        Surface = surface;
        UserId = userId;
        ChannelId = channelId;
        ConversationId = conversationId;
        Requested = requested;
    }

    public ArrSurface Surface { get; }

    public string? UserId { get; }

    public string? ChannelId { get; }

    public string? ConversationId { get; }

    /// <summary>The CLI's --show-arr: the person at the terminal asked for amounts.</summary>
    public bool Requested { get; }

    /// <summary>A Slack user asking in a channel (null: the App Home, or no channel known).</summary>
    public static ArrAudience SlackUser(string? userId, string? channelId) => new(ArrSurface.Slack, userId, channelId, null, false);

    /// <summary>Everyone in a Slack channel (a digest): the channel counts, never a person.</summary>
    public static ArrAudience SlackChannel(string? channelId) => new(ArrSurface.Slack, null, channelId, null, false);

    /// <summary>
    /// A Teams user by Entra object id (aadObjectId). Teams sends an account card only to the asker (in a channel it
    /// goes to a 1:1 chat), so the conversation the question came from does not count.
    /// </summary>
    public static ArrAudience TeamsUser(string? aadObjectId) => new(ArrSurface.Teams, aadObjectId, null, null, false);

    /// <summary>Everyone in a Teams channel or conversation (a digest): a match on either id counts, never a person.</summary>
    public static ArrAudience TeamsConversation(string? channelId, string? conversationId) =>
        new(ArrSurface.Teams, null, channelId, conversationId, false);

    /// <summary>Whoever can reach the local preview page.</summary>
    public static ArrAudience Preview { get; } = new(ArrSurface.Preview, null, null, null, false);

    /// <summary>The person at the terminal; <paramref name="showArrRequested"/> is the --show-arr switch.</summary>
    public static ArrAudience Cli(bool showArrRequested) => new(ArrSurface.Cli, null, null, null, showArrRequested);
}
