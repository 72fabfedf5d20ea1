using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Answers Teams activities. Messages (typed questions and Action.Submit fallbacks) are answered inline — the lookup is
/// quick, well inside Teams' ~15 s — with a reply through the Bot Connector; Action.Execute invokes are answered
/// synchronously with the replacement card. In channels and group chats an account card (which may carry ARR) goes to a
/// 1:1 chat with the asker, with a short note in the thread; help, explain, kpi and movers are answered in the thread,
/// computed without ARR. subscribe / unsubscribe / subscriptions manage the digests of the conversation they are
/// sent in (a channel gets new top-level posts), through the same <see cref="SubscriptionService"/> as Slack.
/// A card sent privately carries "Share in channel", which posts the ARR-free copy into the thread it was asked in
/// (as Slack's Share does). Installing the bot in a personal chat or a team sends a short welcome with the commands,
/// once per install. When the connector refuses a reply (blocked 403, gone 404, 5xx after retries) the activity
/// still counts as handled: logged at Warning, a blocked or deleted conversation marked unreachable (ADR 0019).
/// </summary>
public sealed class TeamsBot(
    LookupService lookup,
    ConnectorClient connector,
    ActivityDeduplicator deduplicator,
    ConversationReferenceStore references,
    IServiceProvider services,
    ArrVisibility arr,
    IOptions<TeamsOptions> adapterOptions,
    ILogger<TeamsBot> logger)
{
    public const string Surface = "teams";
    public const string PrivateNote = "I sent you the card privately.";
    public const string PrivateFailedNote =
        "I could not message you privately. Install PlatformBot as a personal app, or ask me in a 1:1 chat.";
    public const string ShareInvalid = "That share button is not valid here. Ask again in the channel.";
    public const string ShareFailed = "I could not post in that channel. Is PlatformBot still installed in its team?";

    public async Task<InvokeResponse?> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(activity, cancellationToken);
                return null;
            case ActivityTypes.Invoke:
                return await OnInvokeAsync(activity, cancellationToken);
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(activity, cancellationToken);
                return null;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateAsync(activity, cancellationToken);
                return null;
            default:
                return null;
        }
    }

    /// <summary>Actor "teams:{tenant}/{aadObjectId}"; ARR as <see cref="ArrVisibility"/> decides for that user.</summary>
    public Viewer ViewerFor(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var aadObjectId = activity.From?.AadObjectId;
        var user = aadObjectId ?? activity.From?.Id ?? "unknown";
        var maySeeArr = arr.MaySeeArr(ArrAudience.TeamsUser(aadObjectId));
        return new Viewer($"teams:{activity.GetTenantId() ?? "unknown"}/{user}", Surface, maySeeArr, null);
    }

    private static bool IsPersonal(Activity activity) =>
        string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase)
        || (activity.Conversation?.ConversationType is null && activity.Conversation?.IsGroup != true);

    private async Task OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id;
        var activityId = activity.Id;
        var tracked = conversationId is not null && activityId is not null;
        if (tracked && !deduplicator.TryBegin(conversationId!, activityId!))
        {
            logger.LogInformation("Ignoring duplicate Teams activity {ActivityId}", activityId);
            return;
        }

        try
        {
            await references.RefreshAsync(activity, cancellationToken);
            await AnswerMessageAsync(activity, cancellationToken);
        }
        catch (ServiceUrlNotAllowedException exception)
        {
            // A signed activity from a Bot Connector host we do not send our token to: nothing can be answered, and a
            // retry by the channel would not change that (kept as seen). Operators add the host to the allow-list.
            logger.LogError("Cannot answer Teams activity {ActivityId}: {Reason}", activityId, exception.Message);
        }
        catch (ConnectorException exception)
        {
            // The connector refused our reply: the activity itself was handled, and a 500 would only make Teams
            // redeliver it into the same refusal (kept as seen).
            await NoteRefusalAsync(activity, conversationId, exception, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Let the channel's retry be handled rather than swallowed as a duplicate.
            if (tracked)
            {
                deduplicator.Forget(conversationId!, activityId!);
            }

            throw;
        }
    }

    private async Task AnswerMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var personal = IsPersonal(activity);
        var viewer = ViewerFor(activity);
        var publicViewer = viewer with { MaySeeArr = false };

        Answer answer;
        bool isAccountAnswer;
        var action = activity.GetAdaptiveCardAction();
        if (action is { Kind: AdaptiveCardActionKind.Submit, Verb: AdaptiveCardRenderer.ShareCardVerb })
        {
            // Older clients send the Share action's Action.Submit fallback as a message: told in the chat it came from.
            var said = await ShareAsync(activity, action.Data, cancellationToken);
            await PostInThreadAsync(activity, activity.CreateReply(TeamsText.Escape(said)), cancellationToken);
            return;
        }

        if (action is { Kind: AdaptiveCardActionKind.Submit, Verb: TeamsDigestRenderer.OpenCardVerb or TeamsDigestRenderer.ShowAllVerb })
        {
            // Older clients send a digest's Action.Execute fallback as a message: told in the thread it came from.
            var said = action.Verb == TeamsDigestRenderer.OpenCardVerb
                ? await OpenDigestCardAsync(activity, action.Data, cancellationToken)
                : await ShowAllAsync(activity, action.Data, cancellationToken);
            await PostInThreadAsync(activity, activity.CreateReply(TeamsText.Escape(said)), cancellationToken);
            return;
        }

        if (action is { Kind: AdaptiveCardActionKind.Submit, Verb: TeamsDigestAlert.ReactivateVerb })
        {
            // A digest alert's Reactivate button, from a client without Action.Execute.
            var said = await ReactivateAsync(activity, action.Data, cancellationToken);
            await PostInThreadAsync(activity, activity.CreateReply(TeamsText.Escape(said)), cancellationToken);
            return;
        }

        if (action is { Kind: AdaptiveCardActionKind.Submit, Verb: not null })
        {
            if (string.Equals(action.Verb, AdaptiveCardRenderer.PickAccountVerb, StringComparison.Ordinal) && AccountId(action.Data) is { } accountId)
            {
                answer = await lookup.CardAsync(accountId, viewer, cancellationToken);
                isAccountAnswer = true;
            }
            else
            {
                answer = new ErrorAnswer("That button is not supported any more. Ask again, e.g. \"@PlatformBot acme\".");
                isAccountAnswer = false;
            }
        }
        else
        {
            var text = activity.RemoveRecipientMention();
            if ((await PersonalDigestReplyAsync(activity, text, cancellationToken) ?? await SubscriptionReplyAsync(activity, text, cancellationToken)) is { } reply)
            {
                // The reply quotes what was typed (filters, digest names): Markdown-escaped line by line.
                await PostInThreadAsync(activity, activity.CreateReply(TeamsText.EscapeLines(reply)), cancellationToken);
                return;
            }

            isAccountAnswer = LookupCommand.Parse(text).Verb == LookupVerb.Account;
            answer = await lookup.AskAsync(text, personal || isAccountAnswer ? viewer : publicViewer, cancellationToken);
        }

        if (personal || !isAccountAnswer)
        {
            await PostInThreadAsync(activity, CardReply(activity, answer), cancellationToken);
            return;
        }

        await AnswerPrivatelyAsync(activity, answer, cancellationToken);
    }

    /// <summary>The account answer in a 1:1 chat with the asker, and a short public note in the thread.</summary>
    private async Task AnswerPrivatelyAsync(Activity activity, Answer answer, CancellationToken cancellationToken) =>
        await PostInThreadAsync(activity, activity.CreateReply(await SendPrivatelyAsync(activity, answer, cancellationToken) ? PrivateNote : PrivateFailedNote), cancellationToken);

    /// <summary>
    /// A digest's "Open card": the picked account's card in a 1:1 chat with the clicker, with ARR as the clicker may
    /// see it (the same rule as a question asked there). Returns what the clicker is told.
    /// </summary>
    private async Task<string> OpenDigestCardAsync(Activity activity, JsonElement? data, CancellationToken cancellationToken)
    {
        if (StringOf(data, TeamsDigestRenderer.InputKey) is not { } input || StringOf(data, input) is not { } accountId)
        {
            return Wording.PickAnAccountFirst;
        }

        var answer = await lookup.CardAsync(accountId, ViewerFor(activity), cancellationToken);
        return await SendPrivatelyAsync(activity, answer, cancellationToken) ? PrivateNote : PrivateFailedNote;
    }

    /// <summary>
    /// A digest's "Show all": the whole list as replies in the thread the digest card is in, as many cards as the budget
    /// needs, ARR amounts only where the conversation's rule allows (everyone there reads it). Returns what the
    /// clicker is told.
    /// </summary>
    private async Task<string> ShowAllAsync(Activity activity, JsonElement? data, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var conversationId = activity.Conversation?.Id;
        if (DigestShowAll.Parse(StringOf(data, TeamsDigestRenderer.ShowAllKey)) is not { } showAll || services.GetService<DigestFullLists>() is not { } lists
            || string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(conversationId))
        {
            return Wording.ShowAllGone;
        }

        var channelId = activity.GetTeamsChannelId() ?? ConversationReferenceStore.ChannelRoot(conversationId);
        var content = await lists.BuildAsync(showAll, arr.MaySeeArr(ArrAudience.TeamsConversation(channelId, conversationId)), cancellationToken);
        if (content is null)
        {
            return Wording.ShowAllGone;
        }

        // Once per list per digest thread (the reply chain's conversation id), decided by the database.
        if (!await lists.ClaimAsync(DigestPlatform.Teams, conversationId, showAll, activity.From?.Id ?? "unknown", cancellationToken))
        {
            return Wording.ShowAllAlreadyPosted;
        }

        var posted = 0;
        try
        {
            foreach (var reply in TeamsDigestRenderer.RenderWhole(content, activity.From?.Name ?? "a colleague"))
            {
                await connector.SendToConversationAsync(serviceUrl, conversationId, reply, cancellationToken);
                posted++;
            }
        }
        catch (ConnectorException exception)
        {
            if (posted == 0)
            {
                await lists.ReleaseAsync(DigestPlatform.Teams, conversationId, showAll, CancellationToken.None);
            }

            await NoteRefusalAsync(activity, conversationId, exception, cancellationToken);
            return ShareFailed;
        }

        return Wording.ShowAllPosted;
    }

    /// <summary>The answer's card in a 1:1 chat with the activity's sender; false when Teams would not let us (logged).</summary>
    private async Task<bool> SendPrivatelyAsync(Activity activity, Answer answer, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var botId = activity.Recipient?.Id;
        var userId = activity.From?.Id;
        var tenantId = activity.GetTenantId();
        if (string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(botId) || string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(tenantId))
        {
            logger.LogWarning("Teams activity {ActivityId} lacks what a private chat needs (service URL, bot, user or tenant)", activity.Id);
            return false;
        }

        try
        {
            var created = await connector.CreateConversationAsync(
                serviceUrl, ConversationParameters.ForPersonalChat(botId, userId, tenantId), cancellationToken);
            if (string.IsNullOrWhiteSpace(created.Id))
            {
                throw new InvalidOperationException("The Bot Connector created a conversation without an id.");
            }

            await connector.SendToConversationAsync(
                serviceUrl, created.Id, CardMessage(new Activity { Type = ActivityTypes.Message }, answer, activity.Conversation?.Id is { } thread ? ShareData(answer, thread, userId) : null),
                cancellationToken);
        }
        catch (Exception exception) when (exception is ConnectorException or InvalidOperationException)
        {
            // Typically 403: the user has not installed the app personally (expected: no stack trace). Never fall back
            // to the thread: it may hold ARR.
            logger.LogWarning("Could not send a Teams card privately for activity {ActivityId}: {Reason}", activity.Id, exception.Message);
            return false;
        }

        return true;
    }

    /// <summary>
    /// subscribe / unsubscribe / subscriptions for the conversation the message came from: a channel (digests become
    /// new posts in it), a group chat or a personal chat. Null when the text is none of them, so the lookup answers.
    /// The conversation's reference is stored, so the digest has a service URL even if the install event was missed.
    /// </summary>
    private async Task<string?> SubscriptionReplyAsync(Activity activity, string text, CancellationToken cancellationToken)
    {
        var command = LookupCommand.Parse(text);
        if (command.Verb != LookupVerb.Subscriptions || services.GetService<SubscriptionService>() is not { } subscriptions)
        {
            return null;
        }

        var conversationId = activity.Conversation?.Id;
        var serviceUrl = activity.ServiceUrl;
        var tenantId = activity.GetTenantId();
        if (string.IsNullOrWhiteSpace(conversationId) || string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(tenantId))
        {
            return "Digest subscriptions belong to a channel or chat, and this message did not say which (conversation, service URL or tenant missing).";
        }

        var isChannel = string.Equals(activity.Conversation!.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);
        var channelId = isChannel ? activity.GetTeamsChannelId() ?? ConversationReferenceStore.ChannelRoot(conversationId) : conversationId;
        var target = new DigestTarget(DigestPlatform.Teams, channelId, serviceUrl, tenantId, isChannel ? null : conversationId);
        var words = command.Argument.Trim();
        var space = words.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? words : words[..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : words[(space + 1)..].Trim();
        if (verb == "subscriptions" && !SubscriptionService.IsManageCommand(rest))
        {
            return await subscriptions.DescribeChannelAsync(target, cancellationToken);
        }

        // Managers may be listed by their Entra object id (stable) or their Teams user id.
        var from = activity.From;
        if (!subscriptions.CanManage(from?.AadObjectId) && !subscriptions.CanManage(from?.Id))
        {
            return SubscriptionService.NotAllowedMessage;
        }

        if (verb == "subscriptions")
        {
            // update / reactivate <id>: this conversation's subscriptions only.
            return (await subscriptions.ManageFromChatAsync(target, [from?.AadObjectId, from?.Id], rest, cancellationToken))!.Message;
        }

        if (verb == "unsubscribe")
        {
            var removed = await subscriptions.UnsubscribeAsync(target, rest, cancellationToken);
            return removed.Message;
        }

        await references.SaveAsync(activity.GetConversationReference() with
        {
            ConversationId = channelId,
            TeamsChannelId = isChannel ? channelId : activity.GetTeamsChannelId(),
            ActivityId = null,
        }, cancellationToken);

        // The creator is the Teams user id ("29:…"): failures are told to them in a 1:1 chat.
        var result = await subscriptions.SubscribeAsync(target, from?.Id ?? ViewerFor(activity).Actor, rest, cancellationToken);
        return string.Join('\n', result.Warnings.Prepend(result.Message));
    }

    /// <summary>
    /// `digest me on|off` (the Slack command's words): the person's own weekly digest, posted into this personal chat
    /// by its stored reference. Teams does not put the e-mail on the activity, so the connector's member lookup gives
    /// it (as Slack's users.info does for the App Home); the person is their Entra object id, for the ARR rule. In a
    /// channel or group chat the answer asks for a personal chat instead: that is the conversation the digest needs.
    /// </summary>
    private async Task<string?> PersonalDigestReplyAsync(Activity activity, string text, CancellationToken cancellationToken)
    {
        var command = LookupCommand.Parse(text);
        if (command.Verb != LookupVerb.PersonalDigest || services.GetService<PersonalDigests>() is not { } personal)
        {
            return null;
        }

        if (command.Argument is not ("on" or "off"))
        {
            return Wording.PersonalDigestUsage(teams: true);
        }

        var (conversationId, serviceUrl, tenantId, from) = (activity.Conversation?.Id, activity.ServiceUrl, activity.GetTenantId(), activity.From);
        if (!IsPersonal(activity) || conversationId is null || serviceUrl is null || tenantId is null || from?.Id is null)
        {
            return Wording.PersonalDigestInPersonalChat;
        }

        var member = await connector.GetConversationMemberAsync(serviceUrl, conversationId, from.Id, cancellationToken);
        if (member?.Email is not { Length: > 0 } email)
        {
            return Wording.PersonalDigestNoEmail;
        }

        await references.SaveAsync(activity.GetConversationReference() with { ActivityId = null }, cancellationToken);
        var zone = activity.Properties?.TryGetValue("localTimezone", out var tz) == true && tz.ValueKind == JsonValueKind.String ? tz.GetString() : null;
        var reach = new PersonalReach(new DigestTarget(DigestPlatform.Teams, conversationId, serviceUrl, tenantId, conversationId), from.AadObjectId ?? from.Id, zone);
        return await personal.ChooseAsync(reach, email, command.Argument == "on", cancellationToken);
    }

    private Activity CardReply(Activity activity, Answer answer) => CardMessage(activity.CreateReply(), answer);

    /// <summary>
    /// The answer's card on <paramref name="message"/>, checked before it goes out (Adaptive Card 1.5 elements, our
    /// message budget); a card that fails the check is logged and replaced by the same answer as text.
    /// <paramref name="card"/> replaces the default rendering (the shared copy); <paramref name="share"/> adds the
    /// Share action.
    /// </summary>
    private Activity CardMessage(Activity message, Answer answer, JsonObject? share = null, JsonObject? card = null)
    {
        message.Summary = AdaptiveCardRenderer.Summary(answer);
        message.Attachments = Activity.CreateCardMessage(card ?? AdaptiveCardRenderer.Render(answer, share)).Attachments;
        var validation = AdaptiveCardValidator.ValidateMessage(message, AdaptiveCardValidator.ConservativeMessageBytes);
        if (validation.IsValid)
        {
            return message;
        }

        logger.LogError("The {Answer} card failed validation ({Errors}); answering with text", answer.GetType().Name, string.Join("; ", validation.Errors));
        var text = TextRenderer.Render(answer);
        message.Attachments = null;
        message.Text = TeamsText.EscapeLines(text.Length > 8_000 ? text[..8_000] + "\n…" : text);
        return message;
    }

    /// <summary>
    /// The Share action's data for a score card sent privately after a question in <paramref name="thread"/>; null for
    /// any other answer. The ticket ties account, thread and recipient together (<see cref="ShareTicket"/>).
    /// </summary>
    private JsonObject? ShareData(Answer answer, string thread, string userId) =>
        answer is ScoreCardAnswer card && adapterOptions.Value.AppPassword is { Length: > 0 } secret
            ? new JsonObject
            {
                [AdaptiveCardRenderer.AccountIdKey] = card.AccountId,
                [AdaptiveCardRenderer.ThreadKey] = thread,
                [AdaptiveCardRenderer.TicketKey] = ShareTicket.Sign(secret, card.AccountId, thread, userId),
            }
            : null;

    /// <summary>
    /// "Share in channel": the ARR-free copy of the card (the one Slack's Share posts, through
    /// <see cref="LookupService.ShareableCardAsync"/>) as a reply in the thread the card was offered for, saying who
    /// shared it. Returns what the sharer is told.
    /// </summary>
    private async Task<string> ShareAsync(Activity activity, JsonElement? data, CancellationToken cancellationToken)
    {
        var accountId = AccountId(data);
        var thread = StringOf(data, AdaptiveCardRenderer.ThreadKey);
        var userId = activity.From?.Id;
        var serviceUrl = activity.ServiceUrl;
        if (accountId is null || thread is null || userId is null || string.IsNullOrWhiteSpace(serviceUrl)
            || adapterOptions.Value.AppPassword is not { Length: > 0 } secret
            || !ShareTicket.Verify(secret, accountId, thread, userId, StringOf(data, AdaptiveCardRenderer.TicketKey)))
        {
            logger.LogWarning("Refused a Teams share without a valid ticket (activity {ActivityId})", activity.Id);
            return ShareInvalid;
        }

        var answer = await lookup.ShareableCardAsync(accountId, ViewerFor(activity).Actor, Surface, cancellationToken);
        if (answer is not ScoreCardAnswer card)
        {
            return Wording.Summary(answer);
        }

        var copy = CardMessage(new Activity { Type = ActivityTypes.Message }, card, card: AdaptiveCardRenderer.Shared(card, activity.From?.Name ?? "a colleague"));
        try
        {
            await connector.SendToConversationAsync(serviceUrl, thread, copy, cancellationToken);
        }
        catch (ConnectorException exception)
        {
            await NoteRefusalAsync(activity, thread, exception, cancellationToken);
            return ShareFailed;
        }

        return Wording.SharedInChannel;
    }

    /// <summary>
    /// The connector refused what we sent: Warning (an expected platform answer, no stack trace), and a blocked or
    /// deleted conversation marked unreachable so digests stop trying. 5xx after retries changes nothing stored.
    /// </summary>
    private async Task NoteRefusalAsync(Activity activity, string? conversationId, ConnectorException exception, CancellationToken cancellationToken)
    {
        var refusedForGood = exception.IsConversationBlocked || exception.StatusCode == HttpStatusCode.NotFound;
        var marked = refusedForGood && !string.IsNullOrWhiteSpace(conversationId)
            ? await references.MarkUnreachableAsync(conversationId, Describe(exception), cancellationToken)
            : 0;
        logger.LogWarning(
            "Teams refused the reply to activity {ActivityId}: {Refusal} after {Attempts} attempt(s), correlation {CorrelationId}; {Marked} stored conversation(s) marked unreachable",
            activity.Id, Describe(exception), exception.Attempts, exception.CorrelationId, marked);
    }

    /// <summary>"HTTP 403 ConversationBlockedByUser/MessageWritesBlocked": what the connector said, for logs and the mark.</summary>
    internal static string Describe(ConnectorException exception) =>
        $"HTTP {(int)exception.StatusCode} {exception.ErrorCode ?? "error"}{(exception.SubCode is { } sub ? "/" + sub : string.Empty)}";

    private async Task PostInThreadAsync(Activity activity, Activity reply, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(conversationId))
        {
            logger.LogWarning("Teams activity {ActivityId} has no service URL or conversation: cannot reply", activity.Id);
            return;
        }

        if (string.IsNullOrWhiteSpace(activity.Id))
        {
            await connector.SendToConversationAsync(serviceUrl, conversationId, reply, cancellationToken);
        }
        else
        {
            await connector.ReplyToActivityAsync(serviceUrl, conversationId, activity.Id, reply, cancellationToken);
        }
    }

    private async Task<InvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Name, Activity.AdaptiveCardActionInvokeName, StringComparison.OrdinalIgnoreCase))
        {
            return null; // 501, as botbuilder answers invokes nobody handles
        }

        var action = activity.GetAdaptiveCardAction();
        if (action is { Verb: AdaptiveCardRenderer.ShareCardVerb })
        {
            // The card stays as it is in the 1:1 chat; the sharer sees what happened.
            return AdaptiveCardInvokeResponses.Message(await ShareAsync(activity, action.Data, cancellationToken));
        }

        if (action is { Verb: TeamsDigestRenderer.OpenCardVerb })
        {
            // The digest card stays as it is for everyone; the clicker gets the account's card in a 1:1 chat.
            return AdaptiveCardInvokeResponses.Message(await OpenDigestCardAsync(activity, action.Data, cancellationToken));
        }

        if (action is { Verb: TeamsDigestRenderer.ShowAllVerb })
        {
            return AdaptiveCardInvokeResponses.Message(await ShowAllAsync(activity, action.Data, cancellationToken));
        }

        if (action is { Verb: TeamsDigestAlert.ReactivateVerb })
        {
            return AdaptiveCardInvokeResponses.Message(await ReactivateAsync(activity, action.Data, cancellationToken));
        }

        if (action is null || !string.Equals(action.Verb, AdaptiveCardRenderer.PickAccountVerb, StringComparison.Ordinal))
        {
            return AdaptiveCardInvokeResponses.BadRequest($"Unknown action \"{action?.Verb}\".");
        }

        if (AccountId(action.Data) is not { } accountId)
        {
            return AdaptiveCardInvokeResponses.BadRequest("The action carries no account id.");
        }

        // The replacement card is shown to the clicker only; outside 1:1 chats it still leaves ARR out (fail closed).
        var viewer = ViewerFor(activity);
        if (!IsPersonal(activity))
        {
            viewer = viewer with { MaySeeArr = false };
        }

        var answer = await lookup.CardAsync(accountId, viewer, cancellationToken);
        return AdaptiveCardInvokeResponses.Card(AdaptiveCardRenderer.Render(answer));
    }

    /// <summary>A digest alert's Reactivate button: digest managers (by Entra object id or Teams id) only.</summary>
    private async Task<string> ReactivateAsync(Activity activity, JsonElement? data, CancellationToken cancellationToken) =>
        services.GetService<SubscriptionService>() is { } subscriptions
            ? (await subscriptions.ReactivateFromChatAsync([activity.From?.AadObjectId, activity.From?.Id],
                StringOf(data, TeamsDigestAlert.SubscriptionIdKey) ?? string.Empty, null, cancellationToken)).Message
            : "Digests are not available on this host.";

    private static string? AccountId(JsonElement? data) => StringOf(data, AdaptiveCardRenderer.AccountIdKey);

    private static string? StringOf(JsonElement? data, string key) =>
        data is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(key, out var id)
        && id.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(id.GetString())
            ? id.GetString()
            : null;

    private async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        var eventType = activity.GetTeamsEventType();
        if (eventType is "teamDeleted" or "teamHardDeleted" && activity.GetTeamId() is { } deletedTeam)
        {
            await references.RemoveTeamAsync(deletedTeam, cancellationToken);
            return;
        }

        if (eventType is "channelDeleted" && activity.GetTeamsChannelId() is { } deletedChannel)
        {
            await references.RemoveChannelAsync(deletedChannel, cancellationToken);
            return;
        }

        if (botId is not null && activity.MembersRemoved?.Any(m => m.Id == botId) == true)
        {
            await ForgetAsync(activity, cancellationToken);
            return;
        }

        if (botId is not null && activity.MembersAdded?.Any(m => m.Id == botId) == true)
        {
            await RememberAsync(activity, cancellationToken);
            await WelcomeAsync(activity, cancellationToken);
            return;
        }

        // Any other update (a member joined, a channel renamed …) still shows the current service URL.
        await references.RefreshAsync(activity, cancellationToken);
    }

    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        switch (activity.Action)
        {
            case "add":
                await RememberAsync(activity, cancellationToken);
                await WelcomeAsync(activity, cancellationToken);
                break;
            case "add-upgrade":
                await RememberAsync(activity, cancellationToken);
                break;
            case "remove" or "remove-upgrade":
                await ForgetAsync(activity, cancellationToken);
                break;
        }
    }

    private async Task RememberAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl) || string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return;
        }

        await references.SaveAsync(activity.GetConversationReference(), cancellationToken);
        logger.LogInformation("Stored the Teams conversation reference of {ConversationType} conversation", activity.Conversation.ConversationType);
    }

    /// <summary>
    /// A short welcome with the commands where the bot was just installed: the personal chat, or the team's channel.
    /// Teams sends two events for one install (conversationUpdate and installationUpdate), and several nodes may see
    /// them: the stored reference's welcome claim lets exactly one through. A refused welcome releases the claim.
    /// </summary>
    private async Task WelcomeAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id;
        var serviceUrl = activity.ServiceUrl;
        var channel = string.Equals(activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(conversationId) || string.IsNullOrWhiteSpace(serviceUrl) || !(channel || IsPersonal(activity))
            || !await references.TryClaimWelcomeAsync(conversationId, cancellationToken))
        {
            return;
        }

        var help = await lookup.AskAsync("help", ViewerFor(activity) with { MaySeeArr = false }, cancellationToken);
        var welcome = help is HelpAnswer commands ? commands with { Note = Wording.TeamsWelcome } : help;
        try
        {
            await connector.SendToConversationAsync(serviceUrl, conversationId, CardMessage(new Activity { Type = ActivityTypes.Message }, welcome), cancellationToken);
            logger.LogInformation("Welcomed a new {ConversationType} install", activity.Conversation!.ConversationType ?? "personal");
        }
        catch (Exception exception) when (exception is ConnectorException or ServiceUrlNotAllowedException)
        {
            await references.ReleaseWelcomeAsync(conversationId, cancellationToken);
            if (exception is ConnectorException refused)
            {
                await NoteRefusalAsync(activity, conversationId, refused, cancellationToken);
            }
            else
            {
                logger.LogWarning("Could not welcome a new install: {Reason}", exception.Message);
            }
        }
    }

    private async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.GetTeamId() is { } teamId)
        {
            await references.RemoveTeamAsync(teamId, cancellationToken);
        }

        if (activity.Conversation?.Id is { } conversationId)
        {
            await references.RemoveAsync(conversationId, cancellationToken);
        }
    }
}
