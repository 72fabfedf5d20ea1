using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Digests in Teams: one Adaptive Card within the 28 KB budget (text when the card is invalid or rejected), the
/// chart as a second card in the post's thread (a note when refused), posted with the service URL of the stored
/// conversation reference (ADR 0006). A conversation the connector refused for good (blocked, gone) is marked in
/// the reference store and skipped from then on, the subscription marked broken with the reason (ADR 0019). Alerts are a 1:1 chat with a "29:…" or Entra object id creator and Digests:TeamsAlertChannel.
/// <paramref name="connector"/> is absent when Teams is not configured on this host.
/// </summary>
public sealed class TeamsDigestChannel(
    DeliveryLedger ledger,
    ChannelPacer pacer,
    ConversationReferenceStore store,
    IOptions<DigestOptions> options,
    IOptions<TeamsOptions> teamsOptions,
    TimeProvider time,
    ILogger<TeamsDigestChannel> logger,
    ConnectorClient? connector = null) : IDigestChannel
{
    public DigestPlatform Platform => DigestPlatform.Teams;

    // Teams conversations take an app install (or a restored channel), not an invitation: Teams' fix, not Slack's.
    public string BrokenChannelFix => Wording.TeamsBrokenChannelFix;

    /// <summary>The connector's own rule (<see cref="ServiceUrlAllowList"/>), so a subscription it would never send to is refused.</summary>
    public string? RefuseTarget(DigestTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Uri.TryCreate(target.ServiceUrl, UriKind.Absolute, out var url) && !ServiceUrlAllowList.IsAllowed(url, teamsOptions.Value)
            ? $"The Teams service URL {url} is refused: only https to a host in Teams:AllowedServiceUrlHosts " +
              "(plain http only on loopback, with the test switch Teams:AllowHttpServiceUrls)."
            : null;
    }

    /// <summary>`subscriptions add --platform teams` without --service-url or --tenant takes them from the stored conversation reference.</summary>
    public async Task<DigestTarget> CompleteTargetAsync(DigestTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if ((string.IsNullOrWhiteSpace(target.ServiceUrl) || string.IsNullOrWhiteSpace(target.TenantId))
            && await store.FindForTargetAsync(target.ConversationId ?? target.ChannelId, cancellationToken) is { } reference)
        {
            return target with
            {
                ServiceUrl = string.IsNullOrWhiteSpace(target.ServiceUrl) ? reference.ServiceUrl : target.ServiceUrl,
                TenantId = string.IsNullOrWhiteSpace(target.TenantId) ? reference.TenantId : target.TenantId,
            };
        }

        return target;
    }

    public string PreviewJson(DigestContent content, string channel) => TeamsDigestPreview.Json(content);

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryTicket ticket, DigestTarget target, DigestContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(content);
        if (connector is null)
        {
            return DeliveryOutcome.NotConfigured(target.ChannelId, "Teams is not configured on this host (Teams:AppId and Teams:AppPassword); nothing was posted");
        }

        if (await store.UnreachableAsync(target.ConversationId ?? target.ChannelId, cancellationToken) is { } refused)
        {
            // Posting again would only be refused again; the subscription is paused until someone fixes the channel.
            return new DeliveryOutcome(DigestStatus.Failed, null, target.ChannelId, null,
                string.Create(CultureInfo.InvariantCulture, $"skipped: Teams has refused this conversation since {refused.SinceUtc:yyyy-MM-dd HH:mm} UTC ({refused.Reason}); nothing was posted"),
                DigestChannelState.Broken);
        }

        var serviceUrl = await TeamsServiceUrlAsync(target, cancellationToken)
            ?? throw new InvalidOperationException("A Teams subscription needs its service URL.");
        var mode = "card";
        string? note = null;
        var activity = TeamsDigestRenderer.Render(content);
        var validation = AdaptiveCardValidator.ValidateMessage(activity, TeamsDigestRenderer.MessageBudget);
        if (!validation.IsValid)
        {
            logger.LogWarning("Digest card failed validation ({Errors}); sending text", string.Join("; ", validation.Errors));
            activity = TeamsDigestRenderer.RenderText(content);
            mode = "text";
            note = "card invalid; sent as text";
        }

        string id;
        string conversation;
        try
        {
            (id, conversation) = await PostTeamsAsync(connector, serviceUrl, target, activity, cancellationToken);
        }
        catch (DigestPostException f) when (f.Rejected && mode == "card")
        {
            logger.LogWarning("Teams rejected the digest card ({Error}); sending it as text", f.Error);
            mode = "text";
            note = $"card rejected ({f.Error}); sent as text";
            try
            {
                (id, conversation) = await PostTeamsAsync(connector, serviceUrl, target, TeamsDigestRenderer.RenderText(content), cancellationToken);
            }
            catch (DigestPostException g)
            {
                return g.ToDelivery(null, target.ChannelId, "text", $"card rejected ({f.Error}), then the text fallback failed");
            }
        }
        catch (DigestPostException f)
        {
            return f.ToDelivery(null, target.ChannelId, mode, null);
        }

        await ledger.RecordPostedAsync(ticket, id, conversation, mode, cancellationToken);

        // The chart goes into the post's thread as a card of its own; the text fallback already carries the numbers.
        // Without a thread id (Teams answered without one) there is no thread to reply in, so no chart.
        var thread = string.IsNullOrWhiteSpace(target.ConversationId) && conversation == target.ChannelId ? null : conversation;
        if (mode == "card" && content.Chart is { } chart && thread is not null)
        {
            var problem = await PostTeamsChartAsync(connector, serviceUrl, target, thread, chart, cancellationToken);
            if (problem is not null)
            {
                return new DeliveryOutcome(DigestStatus.Partial, id, conversation, mode, problem);
            }
        }

        return new DeliveryOutcome(DigestStatus.Sent, id, conversation, mode, note);
    }

    /// <summary>
    /// The chart card in the thread; when Teams refuses it (or it is too large), a text note instead. Returns what
    /// went wrong only when even the note could not be posted.
    /// </summary>
    private async Task<string?> PostTeamsChartAsync(
        ConnectorClient connector, string serviceUrl, DigestTarget target, string thread, DigestChart chart, CancellationToken cancellationToken)
    {
        var reply = new DigestTarget(DigestPlatform.Teams, target.ChannelId, serviceUrl, target.TenantId, thread);
        string chartProblem;
        if (TeamsDigestRenderer.RenderChart(chart) is not { } card)
        {
            chartProblem = "the image is too large for a Teams message";
        }
        else
        {
            try
            {
                await PostTeamsAsync(connector, serviceUrl, reply, card, cancellationToken);
                return null;
            }
            catch (DigestPostException f)
            {
                logger.LogWarning("Teams refused the digest chart in {Conversation}: {Error}", thread, f.Error);
                chartProblem = f.Error;
            }
        }

        try
        {
            await PostTeamsAsync(connector, serviceUrl, reply, TeamsDigestRenderer.ChartNote(chartProblem), cancellationToken);
            return null;
        }
        catch (DigestPostException f)
        {
            return $"the chart ({chartProblem}) and the note about it failed: {f.Describe()}";
        }
    }

    /// <summary>
    /// The stored conversation reference's service URL (refreshed by installs and messages) wins over the one the
    /// subscription was made with: Teams may move a tenant to another regional URL.
    /// </summary>
    private async Task<string?> TeamsServiceUrlAsync(DigestTarget target, CancellationToken cancellationToken)
    {
        if (await store.FindForTargetAsync(target.ConversationId ?? target.ChannelId, cancellationToken) is { } reference
            && (target.TenantId is null || reference.TenantId is null || string.Equals(reference.TenantId, target.TenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return reference.ServiceUrl;
        }

        return target.ServiceUrl;
    }

    /// <summary>Every post of a digest waits for its channel's turn (<see cref="ChannelPacer"/>), its retries inside the turn.</summary>
    private Task<(string Id, string Conversation)> PostTeamsAsync(
        ConnectorClient connector, string serviceUrl, DigestTarget target, Activity activity, CancellationToken cancellationToken) =>
        pacer.PaceAsync(target.ChannelId, () => PostTeamsWithRetriesAsync(connector, serviceUrl, target, activity, cancellationToken), cancellationToken);

    private async Task<(string Id, string Conversation)> PostTeamsWithRetriesAsync(
        ConnectorClient connector, string serviceUrl, DigestTarget target, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(target.ConversationId))
                {
                    // A new top-level post in the channel.
                    var created = await connector.CreateConversationAsync(serviceUrl,
                        ConversationParameters.ForChannelPost(target.ChannelId, target.TenantId!, activity), cancellationToken);
                    return (created.ActivityId ?? created.Id ?? "(no id returned)", created.Id ?? target.ChannelId);
                }

                var sent = await connector.SendToConversationAsync(serviceUrl, target.ConversationId, activity, cancellationToken);
                return (sent.Id ?? "(no id returned)", target.ConversationId);
            }
            catch (ServiceUrlNotAllowedException ex)
            {
                // Refused before anything left the process: the token only goes to Teams:AllowedServiceUrlHosts.
                throw new DigestPostException(ex.Message + " Nothing was posted", PostFailureKind.NothingPosted);
            }
            catch (ConnectorException ex) when (ex.IsRefusal)
            {
                if (ex.IsConversationBlocked || ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // Blocked or gone: every later digest (and the bot) would be refused too, not just this one.
                    await store.MarkUnreachableAsync(target.ConversationId ?? target.ChannelId, TeamsBot.Describe(ex), cancellationToken);
                }

                throw new DigestPostException($"Teams refused the conversation: HTTP {(int)ex.StatusCode} {ex.ErrorCode}", PostFailureKind.BrokenChannel);
            }
            catch (ConnectorException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
            {
                throw new DigestPostException($"Teams rejected the message: HTTP {(int)ex.StatusCode} {ex.ErrorCode}", PostFailureKind.RejectedContent);
            }
            catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests && attempt < settings.SendAttempts)
            {
                // The connector already waited out its own retries (honouring Retry-After); nothing was posted.
                logger.LogWarning("Teams kept throttling the digest post (attempt {Attempt}); retrying later", attempt);
                await Task.Delay(settings.Backoff(attempt), time, cancellationToken);
            }
            catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new DigestPostException($"Teams kept throttling ({ex.Attempts} attempts); nothing was posted", PostFailureKind.NothingPosted);
            }
            catch (ConnectorException ex)
            {
                // 5xx after the connector's retries: the POST may have been processed.
                throw new DigestPostException($"Teams answered HTTP {(int)ex.StatusCode} {ex.ErrorCode}; it may have posted",
                    (int)ex.StatusCode >= 500 ? PostFailureKind.MaybePosted : PostFailureKind.NothingPosted);
            }
            catch (HttpRequestException ex)
            {
                throw new DigestPostException($"Teams transport failure ({ex.HttpRequestError}); it may have posted", PostFailureKind.MaybePosted);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DigestPostException($"no answer from Teams in time ({ex.Message}); it may have posted", PostFailureKind.MaybePosted);
            }
        }
    }

    /// <summary>
    /// Tells a Teams subscription's creator (a "29:…" user id or Entra object id, both accepted as a member of a new 1:1 chat) in a 1:1 chat, and Digests:TeamsAlertChannel (a
    /// channel or conversation whose reference is stored). Never throws.
    /// </summary>
    public async Task AlertAsync(DigestSubscription subscription, DigestAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(alert);
        var text = alert.Text;
        var alertChannel = options.Value.TeamsAlertChannel;
        var toCreator = subscription.Platform == DigestKinds.Text(DigestPlatform.Teams) && DigestCreators.IsTeamsUser(subscription.CreatedBy);
        var toChannel = alertChannel is { Length: > 0 } && alertChannel != subscription.ChannelId;
        if (!toCreator && !toChannel)
        {
            return;
        }

        if (connector is null)
        {
            logger.LogError("Digest alert for subscription {Subscription} cannot be sent to Teams (Teams is not configured on this host): {Text}", subscription.Id, text);
            return;
        }

        var message = TeamsDigestAlert.Render(alert);
        var botId = "28:" + teamsOptions.Value.AppId;
        if (toCreator)
        {
            try
            {
                var target = DigestTarget.From(subscription);
                var serviceUrl = await TeamsServiceUrlAsync(target, cancellationToken);
                if (serviceUrl is null || subscription.TenantId is null)
                {
                    throw new InvalidOperationException("the subscription has no service URL or tenant");
                }

                var chat = await connector.CreateConversationAsync(serviceUrl, ConversationParameters.ForPersonalChat(botId, subscription.CreatedBy, subscription.TenantId), cancellationToken);
                await connector.SendToConversationAsync(serviceUrl, chat.Id ?? throw new InvalidOperationException("Teams created the chat without an id"), message, cancellationToken);
            }
            catch (ConnectorException ex) when (ex.IsRefusal)
            {
                logger.LogWarning("Could not alert the creator of digest subscription {Subscription} in Teams: Teams refused ({Refusal}): {Text}",
                    subscription.Id, TeamsBot.Describe(ex), text);
            }
            catch (Exception ex) when (ex is ConnectorException or InvalidOperationException or HttpRequestException or ArgumentException)
            {
                // An outcome of talking to Teams (unreachable, 5xx, no stored reference), not a bug: one line with the reason, no stack trace.
                logger.LogError("Could not alert the creator of digest subscription {Subscription} in Teams: {Reason}: {Text}", subscription.Id, ex.Message, text);
            }
        }

        if (toChannel)
        {
            try
            {
                var reference = await store.FindForTargetAsync(alertChannel!, cancellationToken)
                    ?? throw new InvalidOperationException($"no conversation reference is stored for Digests:TeamsAlertChannel {alertChannel} (install the app in that team, or mention the bot there once)");
                if (reference.ConversationId == alertChannel && reference.ConversationType is not "channel" || reference.TenantId is null)
                {
                    await connector.SendToConversationAsync(reference.ServiceUrl, alertChannel!, message, cancellationToken);
                }
                else
                {
                    await connector.CreateConversationAsync(reference.ServiceUrl, ConversationParameters.ForChannelPost(alertChannel!, reference.TenantId, message), cancellationToken);
                }
            }
            catch (ConnectorException ex) when (ex.IsRefusal)
            {
                logger.LogWarning("Could not alert Teams channel {Channel} about digest subscription {Subscription}: Teams refused ({Refusal}): {Text}",
                    alertChannel, subscription.Id, TeamsBot.Describe(ex), text);
            }
            catch (Exception ex) when (ex is ConnectorException or InvalidOperationException or HttpRequestException or ArgumentException)
            {
                logger.LogError("Could not alert Teams channel {Channel} about digest subscription {Subscription}: {Reason}: {Text}", alertChannel, subscription.Id, ex.Message, text);
            }
        }
    }

}
