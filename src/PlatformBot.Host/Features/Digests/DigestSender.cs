using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Slack;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Digests;

/// <summary>What a send did, in words for the CLI and the log.</summary>
public sealed record SendOutcome(string Status, string Message, long? DeliveryId = null, string? MessageId = null)
{
    /// <summary>True when nothing went wrong (sent, skipped, or already delivered by someone else).</summary>
    public bool Succeeded => Status is DigestStatus.Sent or DigestStatus.Skipped or "already-claimed";
}

/// <summary>Where a send request came from; shown in the delivery log.</summary>
public static class DigestSources
{
    public const string Schedule = "schedule";
    public const string CatchUp = "catch-up";
    public const string Cli = "cli";
    public const string Chat = "chat";
}

/// <summary>
/// The one send path of every digest, scheduled or by hand: claim the period (the guard), build, post with retries
/// and fallbacks, complete the claim with the platform's message id. Failures are recorded and alerted, never silent.
/// </summary>
public sealed class DigestSender(
    IDbContextFactory<PlatformBotDbContext> contexts,
    DeliveryLedger ledger,
    DigestDataLoader loader,
    DigestBuilder builder,
    WeekSnapshotGuard snapshots,
    DigestArrPolicy arrPolicy,
    ChannelPacer pacer,
    IServiceProvider services,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestSender> logger)
{
    /// <summary>Slack errors that mean the channel cannot receive: the subscription is marked broken.</summary>
    public static readonly IReadOnlySet<string> BrokenChannelErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived",
    };

    /// <summary>Slack rejected what we sent (not where): the same content goes again as plain text.</summary>
    public static readonly IReadOnlySet<string> RejectedContentErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "too_many_blocks", "invalid_attachments", "no_text",
    };

    /// <summary>Slack said ok:false but may have acted (its docs say so): never repeated.</summary>
    private static readonly HashSet<string> MaybePostedErrors = new HashSet<string>(StringComparer.Ordinal) { "internal_error", "fatal_error" };

    /// <summary>Slack said ok:false and did nothing; worth another attempt after a pause.</summary>
    private static readonly HashSet<string> TransientErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "ratelimited", "rate_limited", "service_unavailable", "request_timeout",
    };

    public async Task<SendOutcome> SendAsync(long subscriptionId, DateOnly? asOf, string source, bool retryUnknown, CancellationToken cancellationToken)
    {
        DigestSubscription? subscription;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            subscription = await db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        }

        if (subscription is null)
        {
            return new SendOutcome("not-found", string.Create(CultureInfo.InvariantCulture, $"There is no subscription {subscriptionId}."));
        }

        if (subscription.Status == DigestStatus.Broken)
        {
            return new SendOutcome(DigestStatus.Broken, string.Create(CultureInfo.InvariantCulture,
                $"Subscription {subscriptionId} is broken ({subscription.StatusReason}); nothing was sent. Fix the channel, then `platformbot subscriptions reactivate {subscriptionId}`."));
        }

        var schedule = DigestSchedule.From(subscription);
        var date = asOf ?? schedule.LocalDate(time.GetUtcNow());
        var period = DigestSchedule.PeriodKey(date);
        // A scheduled digest (or one sent by hand for the current week) never reports last week as this week's news:
        // the week's snapshot is scored first when the weekly scoring job has not stored it yet. A past week sent by
        // hand is not scored after the fact (that would rewrite history); its footer states the data date it used.
        var currentWeek = DigestSchedule.WeekStart(date) == DigestSchedule.WeekStart(schedule.LocalDate(time.GetUtcNow()));
        if ((source is DigestSources.Schedule or DigestSources.CatchUp || currentWeek) && options.Value.ScoreMissingWeek)
        {
            await snapshots.EnsureAsync(date, cancellationToken);
        }

        var claim = await ledger.ClaimAsync(subscriptionId, date, source, retryUnknown, cancellationToken);
        if (!claim.Claimed)
        {
            var e = claim.Existing!;
            logger.LogInformation("Digest {Subscription} {Period} already claimed ({Status}); nothing posted", subscriptionId, period, e.Status);
            var hint = e.Status == DigestStatus.Unknown
                ? $" If you have checked the channel and it is missing, `platformbot digests send --subscription {subscriptionId} --as-of {date:yyyy-MM-dd} --retry-unknown` sends it again."
                : string.Empty;
            return new SendOutcome("already-claimed", string.Create(CultureInfo.InvariantCulture,
                $"Subscription {subscriptionId} already has a delivery for {period} (status {e.StatusText}, claimed {e.ClaimedAtUtc:yyyy-MM-dd HH:mm}Z by {e.ClaimedBy}" +
                $"{(e.MessageId is null ? string.Empty : $", message {e.MessageId}")}): nothing was posted.{hint}"), e.Id, e.MessageId);
        }

        var ticket = claim.Ticket!;
        var target = DigestTarget.From(subscription);
        DigestContent content;
        try
        {
            var kind = DigestKinds.Parse(subscription.Kind);
            var data = await loader.LoadAsync(date, cancellationToken);
            content = builder.Build(data, new DigestRequest(kind, DigestFilters.From(subscription), schedule.Zone.Id, subscription.SkipWhenNoChanges,
                ShowArr: arrPolicy.MayShowArr(target)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing was posted, so the row is "failed" and a later send may claim it again.
            logger.LogError(ex, "Building digest {Subscription} {Period} failed", subscriptionId, period);
            var error = "building the digest failed: " + ex.Message;
            await ledger.CompleteAsync(ticket, DigestStatus.Failed, null, null, null, null, error);
            await AlertAsync(subscription, string.Create(CultureInfo.InvariantCulture, $"The {subscription.Kind} digest of subscription {subscription.Id} for {period} failed: {error}."), cancellationToken);
            return new SendOutcome(DigestStatus.Failed, string.Create(CultureInfo.InvariantCulture, $"Subscription {subscriptionId}, {period}: {error}. Nothing was posted."), ticket.DeliveryId);
        }

        if (content.NothingChanged && subscription.SkipWhenNoChanges)
        {
            await ledger.CompleteAsync(ticket, DigestStatus.Skipped, content.Footer.DataDate, null, null, null, "nothing changed (skip-when-no-changes)");
            return new SendOutcome(DigestStatus.Skipped, $"Nothing changed for subscription {subscriptionId} in {period}; skipped as configured.", ticket.DeliveryId);
        }

        Delivery result;
        try
        {
            result = target.Platform == DigestPlatform.Slack
                ? await SendSlackAsync(ticket, target, content, cancellationToken)
                : await SendTeamsAsync(ticket, target, content, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-send (shutdown): what reached the platform is unknown. Never resent automatically.
            await ledger.CompleteAsync(ticket, DigestStatus.Unknown, content.Footer.DataDate, null, null, null, "the sender was stopped mid-send; it may or may not have posted");
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Digest {Subscription} {Period} failed unexpectedly", subscriptionId, period);
            result = new Delivery(DigestStatus.Unknown, null, null, null, "unexpected error while sending: " + ex.Message, Broken: false);
        }

        await ledger.CompleteAsync(ticket, result.Status, content.Footer.DataDate, result.MessageId, result.Channel, result.Mode, result.Error);
        if (result.Broken)
        {
            await MarkBrokenAsync(subscription, result.Error ?? "the channel cannot be reached", cancellationToken);
        }
        else if (result.Status is DigestStatus.Unknown or DigestStatus.Partial or DigestStatus.Failed)
        {
            await AlertAsync(subscription, string.Create(CultureInfo.InvariantCulture,
                $"The {subscription.Kind} digest of subscription {subscription.Id} for {period} ended {(result.Status == DigestStatus.Unknown ? "unknown — not resent" : result.Status)}: {result.Error}. " +
                $"See `platformbot digests log --subscription {subscription.Id}`."), cancellationToken);
        }

        var what = string.Create(CultureInfo.InvariantCulture,
            $"{subscription.Kind} for subscription {subscription.Id} to {target.Describe()}, {period} (data as of {content.Footer.DataDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "n/a"})");
        var message = result.Status switch
        {
            DigestStatus.Sent => $"Sent {what}: message {result.MessageId}{(result.Mode == "text" ? " (as plain text: the blocks were rejected)" : string.Empty)}.",
            DigestStatus.Partial => $"Partly sent {what}: message {result.MessageId}, but {result.Error}.",
            DigestStatus.Unknown => $"Unknown outcome for {what}: {result.Error}. Not resent; check the channel.",
            _ => $"Failed {what}: {result.Error}.",
        };
        logger.LogInformation("Digest delivery {Delivery}: {Message}", ticket.DeliveryId, message);
        return new SendOutcome(result.Status, message, ticket.DeliveryId, result.MessageId);
    }

    private const string SlackMissing = "Slack is not configured on this host (Slack:BotToken and Slack:SigningSecret); nothing was posted";

    private sealed record Delivery(string Status, string? MessageId, string? Channel, string? Mode, string? Error, bool Broken);

    /// <summary>A post that may be retried only when nothing was posted.</summary>
    private sealed class PostFailure(string error, bool maybePosted, bool broken, bool rejected) : Exception(error)
    {
        public string Error { get; } = error;

        /// <summary>The platform may have posted it: never repeat.</summary>
        public bool MaybePosted { get; } = maybePosted;

        public bool Broken { get; } = broken;

        /// <summary>The content was refused: try the plain-text fallback.</summary>
        public bool Rejected { get; } = rejected;
    }

    private async Task<Delivery> SendSlackAsync(DeliveryTicket ticket, DigestTarget target, DigestContent content, CancellationToken cancellationToken)
    {
        if (services.GetService<SlackApiClient>() is not { } slack)
        {
            return new Delivery(DigestStatus.Failed, null, target.ChannelId, null, SlackMissing, Broken: false);
        }

        var rendered = SlackDigestRenderer.Render(content);
        var channel = target.ChannelId;
        string mode = "blocks";
        PostedMessage top;
        try
        {
            top = await PostSlackAsync(slack, channel, rendered.TopLevel, cancellationToken);
        }
        catch (PostFailure f) when (f.Rejected)
        {
            logger.LogWarning("Slack rejected the digest blocks ({Error}); sending it as plain text", f.Error);
            mode = "text";
            try
            {
                top = await PostSlackAsync(slack, channel, new SlackMessage { Text = rendered.FallbackTopLevel, UnfurlLinks = false, UnfurlMedia = false }, cancellationToken);
            }
            catch (PostFailure g)
            {
                return FromFailure(g, null, channel, mode, $"blocks rejected ({f.Error}), then the text fallback failed");
            }
        }
        catch (PostFailure f)
        {
            return FromFailure(f, null, channel, mode, null);
        }

        await ledger.RecordPostedAsync(ticket, top.Ts, top.Channel, mode, cancellationToken);
        var problems = new List<string>();
        var notes = new List<string>();

        // Details in the thread, one message at a time and paced (Slack: about one message per second per channel).
        // When Slack rejects a reply's blocks, that reply and the rest go as text; what already went is not repeated.
        var thread = mode == "text"
            ? [.. rendered.FallbackThread.Select(t => new SlackMessage { Text = t })]
            : rendered.Thread.ToList();
        var asText = mode == "text";
        for (var i = 0; i < thread.Count && problems.Count == 0; i++)
        {
            var replies = asText && mode != "text" ? [.. rendered.ThreadText(i).Select(t => new SlackMessage { Text = t })] : new List<SlackMessage> { thread[i] };
            foreach (var message in replies)
            {
                try
                {
                    await PostSlackAsync(slack, channel, message with { ThreadTs = top.Ts }, cancellationToken);
                }
                catch (PostFailure f) when (f.Rejected && !asText)
                {
                    logger.LogWarning("Slack rejected thread reply {Reply} ({Error}); sending it and the rest as text", i + 1, f.Error);
                    notes.Add($"thread reply {i + 1} of {thread.Count} rejected ({f.Error}); it and the rest sent as text");
                    mode = "blocks+text";
                    asText = true;
                    i--; // the same reply again, as text
                    break;
                }
                catch (PostFailure f)
                {
                    problems.Add($"thread reply {i + 1} of {thread.Count}: {Describe(f)}");
                    break;
                }
            }
        }

        if (rendered.Chart is { } chart && problems.Count == 0)
        {
            await pacer.WaitTurnAsync(channel, cancellationToken);
            var chartProblem = await UploadChartAsync(slack, channel, top.Ts, chart, cancellationToken);
            if (chartProblem is not null)
            {
                // Text-only fallback for the image: the numbers are already in the thread; say why the picture is missing.
                problems.Add($"the chart was not attached ({chartProblem})");
                try
                {
                    await PostSlackAsync(slack, channel, new SlackMessage
                    {
                        Text = "The chart could not be attached; the same numbers are in the table above.\n_" + SlackText.Escape(content.Footer.Text) + "_",
                        ThreadTs = top.Ts,
                    }, cancellationToken);
                    problems[^1] += "; a note in the thread says so";
                }
                catch (PostFailure f)
                {
                    problems.Add($"chart note: {Describe(f)}");
                }
            }
        }

        if (mode == "text")
        {
            notes.Insert(0, "blocks rejected; sent as text");
        }

        return problems.Count == 0
            ? new Delivery(DigestStatus.Sent, top.Ts, top.Channel, mode, notes.Count == 0 ? null : string.Join("; ", notes), Broken: false)
            : new Delivery(DigestStatus.Partial, top.Ts, top.Channel, mode, "the headline was posted but " + string.Join("; ", problems.Concat(notes)), Broken: false);
    }

    private async Task<string?> UploadChartAsync(SlackApiClient slack, string channel, string threadTs, DigestChart chart, CancellationToken cancellationToken)
    {
        try
        {
            // The PNG is drawn here, on first use: a drawing failure is a chart problem like a refused upload.
            var upload = new SlackFileUpload(chart.FileName, chart.Png)
            {
                Title = chart.Title,
                AltText = chart.AltText,
                ChannelId = channel,
                ThreadTs = threadTs,
            };
            await WithRetriesAsync(() => slack.UploadFileAsync(upload, cancellationToken), cancellationToken);
            return null;
        }
        catch (PostFailure f)
        {
            logger.LogWarning("Chart upload to {Channel} failed: {Error}", channel, f.Error);
            return f.Error;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A chart that cannot be drawn, or an upload URL outside Slack: the text still carries every number.
            logger.LogWarning(ex, "Chart for {Channel} could not be drawn or uploaded", channel);
            return ex.Message;
        }
    }

    /// <summary>Every post of a digest waits for its channel's turn (<see cref="ChannelPacer"/>), retries included.</summary>
    private Task<PostedMessage> PostSlackAsync(SlackApiClient slack, string channel, SlackMessage message, CancellationToken cancellationToken) =>
        WithRetriesAsync(async () =>
        {
            await pacer.WaitTurnAsync(channel, cancellationToken);
            return await slack.PostMessageAsync(channel, message, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Retries only what Slack guarantees did nothing: 429 (after the adapter's own Retry-After waits), a connection
    /// that never opened, ok:false service_unavailable. A timeout or 5xx on a post may have posted: never repeated.
    /// </summary>
    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                return await call();
            }
            catch (SlackRateLimitedException ex)
            {
                if (attempt >= settings.SendAttempts)
                {
                    throw new PostFailure($"rate limited by Slack after {attempt} attempts (Retry-After {ex.RetryAfter.TotalSeconds:0} s); nothing was posted", false, false, false);
                }

                wait = ex.RetryAfter > settings.MaxRetryDelay ? settings.MaxRetryDelay : ex.RetryAfter;
            }
            catch (SlackOutcomeUnknownException ex)
            {
                throw new PostFailure($"no clear answer from Slack ({ex.Message}); it may have posted", true, false, false);
            }
            catch (SlackTransportException ex)
            {
                if (attempt >= settings.SendAttempts)
                {
                    throw new PostFailure($"Slack could not be reached after {attempt} attempts ({ex.Message}); nothing was posted", false, false, false);
                }

                wait = Backoff(attempt);
            }
            catch (SlackApiException ex) when (TransientErrors.Contains(ex.Error))
            {
                if (attempt >= settings.SendAttempts)
                {
                    throw new PostFailure($"Slack answered {ex.Error} {attempt} times; nothing was posted", false, false, false);
                }

                wait = Backoff(attempt);
            }
            catch (SlackApiException ex) when (MaybePostedErrors.Contains(ex.Error))
            {
                throw new PostFailure($"Slack answered {ex.Error}, which may come after it posted", true, false, false);
            }
            catch (SlackApiException ex)
            {
                var detail = ex.Messages.Count > 0 ? $"{ex.Error} ({string.Join("; ", ex.Messages)})" : ex.Error;
                throw new PostFailure("Slack refused: " + detail, false, BrokenChannelErrors.Contains(ex.Error), RejectedContentErrors.Contains(ex.Error));
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("BotToken", StringComparison.Ordinal))
            {
                throw new PostFailure(ex.Message, false, false, false);
            }

            logger.LogWarning("Digest post attempt {Attempt} failed; retrying in {Wait}", attempt, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task<Delivery> SendTeamsAsync(DeliveryTicket ticket, DigestTarget target, DigestContent content, CancellationToken cancellationToken)
    {
        if (services.GetService<ConnectorClient>() is not { } connector)
        {
            return new Delivery(DigestStatus.Failed, null, target.ChannelId, null, "Teams is not configured on this host (Teams:AppId and Teams:AppPassword); nothing was posted", Broken: false);
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
        catch (PostFailure f) when (f.Rejected && mode == "card")
        {
            logger.LogWarning("Teams rejected the digest card ({Error}); sending it as text", f.Error);
            mode = "text";
            note = $"card rejected ({f.Error}); sent as text";
            try
            {
                (id, conversation) = await PostTeamsAsync(connector, serviceUrl, target, TeamsDigestRenderer.RenderText(content), cancellationToken);
            }
            catch (PostFailure g)
            {
                return FromFailure(g, null, target.ChannelId, "text", $"card rejected ({f.Error}), then the text fallback failed");
            }
        }
        catch (PostFailure f)
        {
            return FromFailure(f, null, target.ChannelId, mode, null);
        }

        await ledger.RecordPostedAsync(ticket, id, conversation, mode, cancellationToken);

        // The chart goes into the post's thread as a card of its own; the text fallback already carries the numbers.
        // Without a thread id (Teams answered without one) there is no thread to reply in, so no chart.
        var thread = string.IsNullOrWhiteSpace(target.ConversationId) && conversation == target.ChannelId ? null : conversation;
        if (mode == "card" && content.Chart is { } chart && thread is not null)
        {
            await pacer.WaitTurnAsync(target.ChannelId, cancellationToken);
            var problem = await PostTeamsChartAsync(connector, serviceUrl, target, thread, chart, cancellationToken);
            if (problem is not null)
            {
                return new Delivery(DigestStatus.Partial, id, conversation, mode, "the digest was posted but " + problem, Broken: false);
            }
        }

        return new Delivery(DigestStatus.Sent, id, conversation, mode, note, Broken: false);
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
            catch (PostFailure f)
            {
                logger.LogWarning("Teams refused the digest chart in {Conversation}: {Error}", thread, f.Error);
                chartProblem = f.Error;
            }
        }

        try
        {
            await pacer.WaitTurnAsync(target.ChannelId, cancellationToken);
            await PostTeamsAsync(connector, serviceUrl, reply, TeamsDigestRenderer.ChartNote(chartProblem), cancellationToken);
            return null;
        }
        catch (PostFailure f)
        {
            return $"the chart ({chartProblem}) and the note about it failed: {Describe(f)}";
        }
    }

    /// <summary>
    /// The stored conversation reference's service URL (refreshed by installs and messages) wins over the one the
    /// subscription was made with: Teams may move a tenant to another regional URL.
    /// </summary>
    private async Task<string?> TeamsServiceUrlAsync(DigestTarget target, CancellationToken cancellationToken)
    {
        if (services.GetService<ConversationReferenceStore>() is { } store
            && await store.FindForTargetAsync(target.ConversationId ?? target.ChannelId, cancellationToken) is { } reference
            && (target.TenantId is null || reference.TenantId is null || string.Equals(reference.TenantId, target.TenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return reference.ServiceUrl;
        }

        return target.ServiceUrl;
    }

    private async Task<(string Id, string Conversation)> PostTeamsAsync(
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
                throw new PostFailure(ex.Message + " Nothing was posted", false, false, false);
            }
            catch (ConnectorException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || ex.IsConversationBlocked)
            {
                throw new PostFailure($"Teams refused the conversation: HTTP {(int)ex.StatusCode} {ex.ErrorCode}", false, true, false);
            }
            catch (ConnectorException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
            {
                throw new PostFailure($"Teams rejected the message: HTTP {(int)ex.StatusCode} {ex.ErrorCode}", false, false, true);
            }
            catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests && attempt < settings.SendAttempts)
            {
                // The connector already waited out its own retries (honouring Retry-After); nothing was posted.
                logger.LogWarning("Teams kept throttling the digest post (attempt {Attempt}); retrying later", attempt);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
            }
            catch (ConnectorException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new PostFailure($"Teams kept throttling ({ex.Attempts} attempts); nothing was posted", false, false, false);
            }
            catch (ConnectorException ex)
            {
                // 5xx after the connector's retries: the POST may have been processed.
                throw new PostFailure($"Teams answered HTTP {(int)ex.StatusCode} {ex.ErrorCode}; it may have posted", (int)ex.StatusCode >= 500, false, false);
            }
            catch (HttpRequestException ex)
            {
                throw new PostFailure($"Teams transport failure ({ex.HttpRequestError}); it may have posted", true, false, false);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PostFailure($"no answer from Teams in time ({ex.Message}); it may have posted", true, false, false);
            }
        }
    }

    /// <summary>
    /// Tells a Teams subscription's creator (a "29:…" user id) in a 1:1 chat, and Digests:TeamsAlertChannel (a
    /// channel or conversation whose reference is stored). Never throws.
    /// </summary>
    private async Task AlertTeamsAsync(DigestSubscription subscription, string text, CancellationToken cancellationToken)
    {
        var alertChannel = options.Value.TeamsAlertChannel;
        var toCreator = subscription.Platform == DigestKinds.Text(DigestPlatform.Teams) && subscription.CreatedBy.StartsWith("29:", StringComparison.Ordinal);
        var toChannel = alertChannel is { Length: > 0 } && alertChannel != subscription.ChannelId;
        if (!toCreator && !toChannel)
        {
            return;
        }

        if (services.GetService<ConnectorClient>() is not { } connector || services.GetService<ConversationReferenceStore>() is not { } store)
        {
            logger.LogError("Digest alert for subscription {Subscription} cannot be sent to Teams (Teams is not configured on this host): {Text}", subscription.Id, text);
            return;
        }

        var message = TeamsDigestRenderer.Alert(text);
        var botId = "28:" + services.GetRequiredService<IOptions<TeamsOptions>>().Value.AppId;
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
            catch (Exception ex) when (ex is ConnectorException or InvalidOperationException or HttpRequestException or ArgumentException)
            {
                logger.LogError(ex, "Could not alert the creator of digest subscription {Subscription} in Teams: {Text}", subscription.Id, text);
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
            catch (Exception ex) when (ex is ConnectorException or InvalidOperationException or HttpRequestException or ArgumentException)
            {
                logger.LogError(ex, "Could not alert Teams channel {Channel} about digest subscription {Subscription}: {Text}", alertChannel, subscription.Id, text);
            }
        }
    }

    private static Delivery FromFailure(PostFailure f, string? messageId, string channel, string mode, string? prefix)
    {
        var error = prefix is null ? f.Error : $"{prefix}: {f.Error}";
        var status = f.MaybePosted ? DigestStatus.Unknown : DigestStatus.Failed;
        return new Delivery(status, messageId, channel, mode, error, f.Broken);
    }

    private static string Describe(PostFailure f) => f.MaybePosted ? f.Error + " (unknown — not resent)" : f.Error;

    private TimeSpan Backoff(int attempt)
    {
        var settings = options.Value;
        var delay = settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }


    private async Task MarkBrokenAsync(DigestSubscription subscription, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var cut = reason.Length > 900 ? reason[..900] : reason;
            await db.DigestSubscriptions.Where(s => s.Id == subscription.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, DigestStatus.Broken).SetProperty(s => s.StatusReason, cut)
                    .SetProperty(s => s.StatusChangedAtUtc, now).SetProperty(s => s.UpdatedAtUtc, now), cancellationToken);
        }

        logger.LogWarning("Digest subscription {Subscription} marked broken: {Reason}", subscription.Id, reason);
        services.GetService<DigestScheduleSignal>()?.RequestSync();
        // What fixes a channel differs per platform: Slack channels take an invitation, Teams conversations an app install.
        var fix = subscription.Platform == DigestKinds.Text(DigestPlatform.Teams)
            ? "add PlatformBot to the team or chat again, or restore the channel"
            : "invite the bot, or unarchive the channel";
        await AlertAsync(subscription, string.Create(CultureInfo.InvariantCulture,
            $"Your {subscription.Kind} digest for {subscription.Platform} channel {subscription.ChannelId} (subscription {subscription.Id}) could not be posted: {reason}. " +
            $"It is paused until the channel is fixed ({fix}), then run: platformbot subscriptions reactivate {subscription.Id}"), cancellationToken);
    }

    /// <summary>Tells the subscription's creator (Slack DM to their user id; Teams: a 1:1 chat) and the alert channels, if any. Never throws.</summary>
    private async Task AlertAsync(DigestSubscription subscription, string text, CancellationToken cancellationToken)
    {
        await AlertTeamsAsync(subscription, text, cancellationToken);
        var recipients = new List<string>(2);
        if (subscription.Platform == DigestKinds.Text(DigestPlatform.Slack) && IsSlackUserId(subscription.CreatedBy))
        {
            recipients.Add(subscription.CreatedBy);
        }

        if (options.Value.AlertChannel is { Length: > 0 } alertChannel && alertChannel != subscription.ChannelId)
        {
            recipients.Add(alertChannel);
        }

        if (recipients.Count == 0)
        {
            logger.LogWarning("Digest alert for subscription {Subscription} has no Slack recipient (creator {Creator}): {Text}", subscription.Id, subscription.CreatedBy, text);
            return;
        }

        if (services.GetService<SlackApiClient>() is not { } slack)
        {
            logger.LogError("Digest alert for subscription {Subscription} cannot be sent ({Why}): {Text}", subscription.Id, SlackMissing, text);
            return;
        }

        foreach (var recipient in recipients)
        {
            try
            {
                // chat.postMessage to a user id posts into the app's DM with that user.
                await slack.PostMessageAsync(recipient, SlackDigestRenderer.Alert(text), cancellationToken);
            }
            catch (Exception ex) when (ex is SlackApiException or SlackTransportException or InvalidOperationException or HttpRequestException)
            {
                logger.LogError(ex, "Could not alert {Recipient} about digest subscription {Subscription}: {Text}", recipient, subscription.Id, text);
            }
        }
    }

    private static bool IsSlackUserId(string id) =>
        id.Length is >= 9 and <= 24 && id[0] is 'U' or 'W' && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}

/// <summary>
/// Makes sure the week of a scheduled digest has a stored snapshot before the digest is built: the weekly scoring
/// job normally stored it already; when it did not (or the subscription's zone is ahead), this scores that day
/// once, so the digest never reports last week as this week's news.
/// </summary>
public sealed class WeekSnapshotGuard(ScoreRunner runner, DigestDataLoader loader, BusinessCalendar calendar, ILogger<WeekSnapshotGuard> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The weekly scoring job's run, under the same gate as <see cref="EnsureAsync"/>: a digest that finds its week
    /// missing while the job is storing it waits for the job instead of scoring the same day a second time.
    /// </summary>
    public async Task<ScoreRunSummary> ScoreAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var summary = await runner.ScoreAndStoreAsync(asOf, cancellationToken);
            loader.Invalidate();
            return summary;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EnsureAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        // A subscription's zone can be a day ahead of Scoring:TimeZone, where no snapshot may be dated after today
        // (ScoreRunner refuses it): such a digest stores today's snapshot instead, once.
        var target = asOf > calendar.Today ? calendar.Today : asOf;
        if (HasWeek(await loader.DatesAsync(cancellationToken), asOf, target))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            loader.Invalidate();
            if (HasWeek(await loader.DatesAsync(cancellationToken), asOf, target))
            {
                return;
            }

            logger.LogInformation("No snapshot stored for the week of {AsOf} yet; scoring {Target} before the digests go out", asOf, target);
            await runner.ScoreAndStoreAsync(target, cancellationToken);
            loader.Invalidate();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool HasWeek(IReadOnlyList<DateOnly> dates, DateOnly asOf, DateOnly target)
    {
        var start = DigestSchedule.WeekStart(asOf);
        return dates.Any(d => (d >= start && d <= asOf) || d == target);
    }

    public void Dispose() => _gate.Dispose();
}
