using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// What the bot replies in Slack to a command, a pick-list click and a share click, decided once. The Slack endpoints
/// deliver these messages (response_url, chat.postMessage); the local preview page shows the very same messages, so the
/// preview can never drift from what Slack gets. Needs no Slack service: it works with Slack switched off.
/// </summary>
public static partial class SlackReplies
{
    public const string Failed = "Something went wrong while answering. Please try again in a minute.";

    /// <summary>
    /// `/adoption &lt;text&gt;`: digest subscriptions for the channel (when <paramref name="channelId"/> is known), else
    /// whatever <see cref="LookupService"/> answers; always ephemeral (only the asker sees it, so ARR may be on it).
    /// </summary>
    public static async Task<SlackMessage> CommandAsync(
        IServiceProvider services, string text, Viewer viewer, string userId, string? channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(viewer);
        var message = await PersonalDigestReplyAsync(services, text, userId, cancellationToken)
            ?? await SubscriptionReplyAsync(services, text, userId, channelId, cancellationToken)
            ?? BlockKitRenderer.Render(await AskSafelyAsync(services, viewer, lookup => lookup.AskAsync(text, viewer, cancellationToken), cancellationToken));
        return message with { ResponseType = SlackResponseType.Ephemeral };
    }

    /// <summary>
    /// The picked account's card, to the clicker alone. From an ephemeral pick list it replaces that list; from a public
    /// message (an @mention thread) it is a new ephemeral message, so ARR never lands in a public message.
    /// </summary>
    public static async Task<SlackMessage> PickAsync(IServiceProvider services, string accountId, Viewer viewer, bool fromEphemeral, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.CardAsync(accountId, viewer, cancellationToken), cancellationToken);
        return BlockKitRenderer.Render(answer) with { ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = fromEphemeral };
    }

    /// <summary>
    /// "Share in channel": a public copy of the card, never with ARR (whoever the sharer is), without the share button,
    /// saying who shared it. When the account is gone the sharer alone is told.
    /// </summary>
    public static async Task<SlackMessage> ShareAsync(IServiceProvider services, string accountId, string actor, string surface, string userId, CancellationToken cancellationToken)
    {
        var viewer = new Viewer(actor, surface, MaySeeArr: false, null);
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.ShareableCardAsync(accountId, actor, surface, cancellationToken), cancellationToken);
        if (answer is not ScoreCardAnswer)
        {
            return BlockKitRenderer.Render(answer) with { ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = false };
        }

        var message = BlockKitRenderer.Render(answer, forSharing: true);
        return message with
        {
            ResponseType = SlackResponseType.InChannel,
            ReplaceOriginal = false,
            Blocks = [.. message.Blocks ?? [], new ContextBlock([TextObject.VerbatimMrkdwn(Wording.SharedBy + " " + SlackText.UserMention(userId))])],
        };
    }

    /// <summary>An @mention is answered in public: ARR hidden, no share button.</summary>
    public static async Task<SlackMessage> MentionAsync(IServiceProvider services, string actor, string surface, string text, CancellationToken cancellationToken)
    {
        var viewer = new Viewer(actor, surface, MaySeeArr: false, null);
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.AskAsync(text, viewer, cancellationToken), cancellationToken);
        return BlockKitRenderer.Render(answer, forSharing: true);
    }

    /// <summary>
    /// subscribe / unsubscribe / subscriptions for the channel the command came from, through the digests'
    /// <see cref="SubscriptionService"/>; null when the text is not one of them (or digests are not registered),
    /// so LookupService answers. The creator is stored as the Slack user id: failure alerts go to them by DM.
    /// </summary>
    private static async Task<SlackMessage?> SubscriptionReplyAsync(
        IServiceProvider services, string text, string userId, string? channelId, CancellationToken cancellationToken)
    {
        var command = LookupCommand.Parse(text);
        if (command.Verb != LookupVerb.Subscriptions || services.GetService<SubscriptionService>() is not { } subscriptions)
        {
            return null;
        }

        if (string.IsNullOrEmpty(channelId))
        {
            return Reply("Digest subscriptions belong to a channel: run this command in the channel that should get the digest.");
        }

        var target = new DigestTarget(DigestPlatform.Slack, channelId);
        var words = command.Argument.Trim();
        var space = words.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? words : words[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : words[(space + 1)..].Trim();
        if (verb == "subscriptions" && !SubscriptionService.IsManageCommand(rest))
        {
            return Reply(await subscriptions.DescribeChannelAsync(target, cancellationToken));
        }

        if (!subscriptions.CanManage(userId))
        {
            return Reply(SubscriptionService.NotAllowedMessage);
        }

        var result = verb switch
        {
            "subscribe" => await subscriptions.SubscribeAsync(target, userId, rest, cancellationToken),
            "unsubscribe" => await subscriptions.UnsubscribeAsync(target, rest, cancellationToken),
            _ => (await subscriptions.ManageFromChatAsync(target, [userId], rest, cancellationToken))!, // update / reactivate
        };
        return Reply(string.Join('\n', result.Warnings.Prepend(result.Message)));
    }

    /// <summary>
    /// `digest me on|off`: the person's own weekly DM (<see cref="PersonalDigests"/>), matched to their accounts by the
    /// e-mail users.info gives (as the App Home is), in the zone it gives. Null when the text is something else.
    /// </summary>
    private static async Task<SlackMessage?> PersonalDigestReplyAsync(IServiceProvider services, string text, string userId, CancellationToken cancellationToken)
    {
        var command = LookupCommand.Parse(text);
        if (command.Verb != LookupVerb.PersonalDigest || services.GetService<PersonalDigests>() is not { } personal)
        {
            return null;
        }

        if (command.Argument is not ("on" or "off"))
        {
            return Reply(Wording.PersonalDigestUsage(teams: false));
        }

        if (services.GetService<SlackApiClient>() is not { } api)
        {
            return Reply(Wording.PersonalDigestNoEmail);
        }

        var user = await api.GetUserAsync(userId, cancellationToken);
        return user.Profile?.Email is not { Length: > 0 } email
            ? Reply(Wording.PersonalDigestNoEmail)
            : Reply(await personal.ChooseAsync(SlackDigestChannel.Reach(user), email, command.Argument == "on", cancellationToken));
    }

    /// <summary>A reply that quotes what was typed (filters, digest names, an e-mail): escaped line by line, shown verbatim.</summary>
    private static SlackMessage Reply(string reply) =>
        new() { Text = SlackText.EscapeLines(reply), Blocks = [SectionBlock.VerbatimMrkdwn(SlackText.EscapeLines(reply))] };

    /// <summary>The answer, or an error answer when the lookup itself failed (logged), so the user is never left waiting.</summary>
    private static async Task<Answer> AskSafelyAsync(IServiceProvider services, Viewer viewer, Func<LookupService, Task<Answer>> ask, CancellationToken cancellationToken)
    {
        try
        {
            return await ask(services.GetRequiredService<LookupService>());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackReplies)), ex, viewer.Actor);
            return new ErrorAnswer(Failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack lookup failed for {Actor}")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string actor);
}
