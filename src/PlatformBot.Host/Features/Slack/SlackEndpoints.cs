using System.Text.RegularExpressions;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// The Slack endpoints. Each verifies the request (through <see cref="SlackRequestReader"/>), acknowledges within
/// Slack's 3 s and leaves the lookup to <see cref="SlackWorker"/>. Public copies (shared cards, @mentions) never show ARR.
/// </summary>
internal static partial class SlackEndpoints
{
    public const string Command = "/adoption";
    public const string Surface = "slack";
    public const string NotEnabled = "PlatformBot isn't enabled for this workspace.";
    private const string Busy = "PlatformBot is busy right now. Please try again in a minute.";
    private const string Failed = "Something went wrong while answering. Please try again in a minute.";

    public static string Actor(string? teamId, string userId) => $"slack:{teamId}/{userId}";

    private static IResult Ephemeral(string text) =>
        SlackResults.Message(new SlackMessage { Text = text, ResponseType = SlackResponseType.Ephemeral });

    public static async Task<IResult> CommandAsync(
        HttpRequest request, SlackRequestReader reader, SlackBacklog queue, SlackAccessPolicy policy, CancellationToken cancellationToken)
    {
        var read = await reader.ReadSlashCommandAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var command = read.Payload;
        if (!reader.IsTeamAllowed(command.TeamId))
        {
            return Ephemeral(NotEnabled);
        }

        if (!string.Equals(command.Command, Command, StringComparison.OrdinalIgnoreCase))
        {
            return Ephemeral($"PlatformBot does not know {command.Command}. Try {Command} help.");
        }

        if (command.ResponseUrl is not { } responseUrl)
        {
            return Ephemeral("Slack sent no response_url, so the answer cannot be delivered. Please try again.");
        }

        var viewer = new Viewer(Actor(command.TeamId, command.UserId), Surface, policy.MaySeeArr(command.UserId, command.ChannelId), null);
        var text = command.Text;
        var (userId, channelId) = (command.UserId, command.ChannelId);
        var queued = queue.TryEnqueue(new SlackWork(Command, (services, token) => AnswerCommandAsync(services, responseUrl, text, viewer, userId, channelId, token)));
        return queued ? SlackResults.Ack() : Ephemeral(Busy);
    }

    private static async Task AnswerCommandAsync(
        IServiceProvider services, Uri responseUrl, string text, Viewer viewer, string userId, string? channelId, CancellationToken cancellationToken)
    {
        var message = await SubscriptionReplyAsync(services, text, viewer.Actor, userId, channelId, cancellationToken)
            ?? BlockKitRenderer.Render(await AskSafelyAsync(services, viewer, lookup => lookup.AskAsync(text, viewer, cancellationToken), cancellationToken));
        await services.GetRequiredService<ResponseUrlClient>().PostAsync(responseUrl, message with { ResponseType = SlackResponseType.Ephemeral }, cancellationToken);
    }

    /// <summary>
    /// subscribe / unsubscribe / subscriptions for the channel the command came from, through the digests'
    /// <see cref="SubscriptionService"/>; null when the text is not one of them (or digests are not registered),
    /// so LookupService answers.
    /// </summary>
    private static async Task<SlackMessage?> SubscriptionReplyAsync(
        IServiceProvider services, string text, string actor, string userId, string? channelId, CancellationToken cancellationToken)
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
        if (verb == "subscriptions")
        {
            return Reply(await subscriptions.DescribeChannelAsync(target, cancellationToken));
        }

        if (!subscriptions.CanManage(userId))
        {
            return Reply(SubscriptionService.NotAllowedMessage);
        }

        var result = verb == "subscribe"
            ? await subscriptions.SubscribeAsync(target, actor, rest, cancellationToken)
            : await subscriptions.UnsubscribeAsync(target, rest, cancellationToken);
        return Reply(string.Join('\n', result.Warnings.Prepend(result.Message)));

        static SlackMessage Reply(string reply) =>
            new() { Text = SlackText.Escape(reply), Blocks = [SectionBlock.Mrkdwn(SlackText.Escape(reply))] };
    }

    /// <summary>The answer, or an error answer when the lookup itself failed (logged), so the user is never left waiting.</summary>
    private static async Task<Answer> AskSafelyAsync(IServiceProvider services, Viewer viewer, Func<LookupService, Task<Answer>> ask, CancellationToken cancellationToken)
    {
        try
        {
            return await ask(services.GetRequiredService<LookupService>());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints)), ex, viewer.Actor);
            return new ErrorAnswer(Failed);
        }
    }

    public static async Task<IResult> InteractionAsync(
        HttpRequest request, SlackRequestReader reader, SlackBacklog queue, SlackAccessPolicy policy, CancellationToken cancellationToken)
    {
        var read = await reader.ReadInteractionAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var payload = read.Payload;
        if (!reader.IsTeamAllowed(payload.TeamId) || payload.Type != InteractionPayload.BlockActionsType
            || payload.User is not { } user || payload.ResponseUrl is not { } responseUrl)
        {
            return SlackResults.Ack();
        }

        var channelId = payload.Channel?.Id ?? payload.Container?.ChannelId;
        var fromEphemeral = payload.Container?.IsEphemeral == true;
        foreach (var action in payload.Actions)
        {
            if (string.IsNullOrEmpty(action.Value))
            {
                continue;
            }

            var accountId = action.Value;
            var actor = Actor(payload.TeamId, user.Id);
            SlackWork? work = action.ActionId switch
            {
                BlockKitRenderer.ShareCardAction => new SlackWork("share_card", (services, token) =>
                    ShareAsync(services, responseUrl, accountId, new Viewer(actor, Surface, MaySeeArr: false, null), user.Id, token)),
                BlockKitRenderer.PickAccountAction => new SlackWork("pick_account", (services, token) =>
                    PickAsync(services, responseUrl, accountId, new Viewer(actor, Surface, policy.MaySeeArr(user.Id, channelId), null), fromEphemeral, token)),
                _ => null,
            };
            if (work is not null && !queue.TryEnqueue(work))
            {
                return Ephemeral(Busy);
            }
        }

        return SlackResults.Ack();
    }

    /// <summary>A public copy of the card in the channel: never with ARR, without the share button, saying who shared it.</summary>
    private static async Task ShareAsync(IServiceProvider services, Uri responseUrl, string accountId, Viewer viewer, string userId, CancellationToken cancellationToken)
    {
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.CardAsync(accountId, viewer, cancellationToken), cancellationToken);
        SlackMessage message;
        if (answer is ScoreCardAnswer)
        {
            message = BlockKitRenderer.Render(answer, forSharing: true);
            message = message with
            {
                ResponseType = SlackResponseType.InChannel,
                ReplaceOriginal = false,
                Blocks = [.. message.Blocks ?? [], new ContextBlock([new MrkdwnText("Shared by " + SlackText.UserMention(userId))])],
            };
        }
        else
        {
            message = BlockKitRenderer.Render(answer) with { ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = false };
        }

        await services.GetRequiredService<ResponseUrlClient>().PostAsync(responseUrl, message, cancellationToken);
    }

    /// <summary>
    /// The picked account's card. From an ephemeral pick list it replaces that list; from a public message (an @mention
    /// thread) it goes to the clicker alone, so ARR never lands in a public message.
    /// </summary>
    private static async Task PickAsync(IServiceProvider services, Uri responseUrl, string accountId, Viewer viewer, bool fromEphemeral, CancellationToken cancellationToken)
    {
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.CardAsync(accountId, viewer, cancellationToken), cancellationToken);
        var message = BlockKitRenderer.Render(answer) with { ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = fromEphemeral };
        await services.GetRequiredService<ResponseUrlClient>().PostAsync(responseUrl, message, cancellationToken);
    }

    public static async Task<IResult> OptionsAsync(HttpRequest request, SlackRequestReader reader, CancellationToken cancellationToken)
    {
        var read = await reader.ReadBlockSuggestionAsync(request, cancellationToken);
        return read.IsSuccess ? SlackResults.Options(new BlockSuggestionResponse { Options = [] }) : read.Response;
    }

    public static async Task<IResult> EventAsync(
        HttpRequest request, SlackRequestReader reader, EventDeduplicator seen, SlackBacklog queue, CancellationToken cancellationToken)
    {
        var read = await reader.ReadEventAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var envelope = read.Payload;
        if (envelope.IsUrlVerification)
        {
            return string.IsNullOrEmpty(envelope.Challenge)
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed Slack request", detail: "url_verification without a challenge")
                : SlackResults.Challenge(envelope.Challenge);
        }

        if (!envelope.IsEventCallback || !reader.IsTeamAllowed(envelope.TeamId))
        {
            return SlackResults.Ack();
        }

        var teamId = envelope.TeamId;
        SlackWork? work = envelope.Event switch
        {
            AppHomeOpenedEvent { Tab: "home", User: { } user } => new SlackWork("app_home_opened", (services, token) =>
                SlackHome.PublishAsync(services, user, token)),
            AppMentionEvent { BotId: null, User: { } user, Channel: { } channel, Text: { } text } mention => new SlackWork("app_mention", (services, token) =>
                AnswerMentionAsync(services, Actor(teamId, user), channel, mention.ReplyThreadTs, StripMentions(text), token)),
            _ => null,
        };
        if (work is null)
        {
            return SlackResults.Ack();
        }

        if (envelope.EventId is { } eventId && !seen.TryRegister(eventId))
        {
            return SlackResults.Ack(); // a redelivery
        }

        if (!queue.TryEnqueue(work))
        {
            if (envelope.EventId is { } id)
            {
                seen.Remove(id); // let Slack's retry try again
            }

            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return SlackResults.Ack();
    }

    /// <summary>An @mention is answered in its thread, in public: ARR hidden, no share button.</summary>
    private static async Task AnswerMentionAsync(IServiceProvider services, string actor, string channel, string? threadTs, string text, CancellationToken cancellationToken)
    {
        var viewer = new Viewer(actor, Surface, MaySeeArr: false, null);
        var answer = await AskSafelyAsync(services, viewer, lookup => lookup.AskAsync(text, viewer, cancellationToken), cancellationToken);
        var message = BlockKitRenderer.Render(answer, forSharing: true) with { ThreadTs = threadTs };
        await services.GetRequiredService<SlackApiClient>().PostMessageAsync(channel, message, cancellationToken);
    }

    internal static string StripMentions(string text) => MentionPattern().Replace(text, " ").Trim();

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack lookup failed for {Actor}")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string actor);
}
