using System.Text.Json;
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
/// </summary>
public sealed class TeamsBot(
    LookupService lookup,
    ConnectorClient connector,
    ActivityDeduplicator deduplicator,
    ConversationReferenceStore references,
    IServiceProvider services,
    ArrVisibility arr,
    ILogger<TeamsBot> logger)
{
    public const string Surface = "teams";
    public const string PrivateNote = "I sent you the card privately.";
    public const string PrivateFailedNote =
        "I could not message you privately. Install PlatformBot as a personal app, or ask me in a 1:1 chat.";

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
            if (await SubscriptionReplyAsync(activity, text, cancellationToken) is { } reply)
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
    private async Task AnswerPrivatelyAsync(Activity activity, Answer answer, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var botId = activity.Recipient?.Id;
        var userId = activity.From?.Id;
        var tenantId = activity.GetTenantId();
        if (string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(botId) || string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(tenantId))
        {
            logger.LogWarning("Teams activity {ActivityId} lacks what a private chat needs (service URL, bot, user or tenant)", activity.Id);
            await PostInThreadAsync(activity, activity.CreateReply(PrivateFailedNote), cancellationToken);
            return;
        }

        try
        {
            var created = await connector.CreateConversationAsync(
                serviceUrl, ConversationParameters.ForPersonalChat(botId, userId, tenantId), cancellationToken);
            if (string.IsNullOrWhiteSpace(created.Id))
            {
                throw new InvalidOperationException("The Bot Connector created a conversation without an id.");
            }

            await connector.SendToConversationAsync(serviceUrl, created.Id, CardMessage(new Activity { Type = ActivityTypes.Message }, answer), cancellationToken);
        }
        catch (Exception exception) when (exception is ConnectorException or InvalidOperationException)
        {
            // Typically 403: the user has not installed the app personally. Never fall back to the thread: it may hold ARR.
            logger.LogWarning(exception, "Could not send a Teams card privately for activity {ActivityId}", activity.Id);
            await PostInThreadAsync(activity, activity.CreateReply(PrivateFailedNote), cancellationToken);
            return;
        }

        await PostInThreadAsync(activity, activity.CreateReply(PrivateNote), cancellationToken);
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
        if (verb == "subscriptions")
        {
            return await subscriptions.DescribeChannelAsync(target, cancellationToken);
        }

        // Managers may be listed by their Entra object id (stable) or their Teams user id.
        var from = activity.From;
        if (!subscriptions.CanManage(from?.AadObjectId) && !subscriptions.CanManage(from?.Id))
        {
            return SubscriptionService.NotAllowedMessage;
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

    private Activity CardReply(Activity activity, Answer answer) => CardMessage(activity.CreateReply(), answer);

    /// <summary>
    /// The answer's card on <paramref name="message"/>, checked before it goes out (Adaptive Card 1.5 elements, our
    /// message budget); a card that fails the check is logged and replaced by the same answer as text.
    /// </summary>
    private Activity CardMessage(Activity message, Answer answer)
    {
        message.Summary = AdaptiveCardRenderer.Summary(answer);
        message.Attachments = Activity.CreateCardMessage(AdaptiveCardRenderer.Render(answer)).Attachments;
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

    private static string? AccountId(JsonElement? data) =>
        data is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(AdaptiveCardRenderer.AccountIdKey, out var id)
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
            return;
        }

        // Any other update (a member joined, a channel renamed …) still shows the current service URL.
        await references.RefreshAsync(activity, cancellationToken);
    }

    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        switch (activity.Action)
        {
            case "add" or "add-upgrade":
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
