using Microsoft.Extensions.Options;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Digests in Slack: the top-level message, the details in its thread, the chart uploaded into the thread, each
/// post paced per channel (<see cref="ChannelPacer"/>) and retried only when Slack guarantees it did nothing; text
/// instead of rejected blocks, a note instead of a failed chart. Alerts are DMs to a Slack creator and
/// Digests:AlertChannel. <paramref name="slack"/> is absent when Slack is not configured on this host.
/// </summary>
public sealed class SlackDigestChannel(
    DeliveryLedger ledger,
    ChannelPacer pacer,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<SlackDigestChannel> logger,
    SlackApiClient? slack = null) : IDigestChannel
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

    private const string SlackMissing = "Slack is not configured on this host (Slack:BotToken and Slack:SigningSecret); nothing was posted";

    public DigestPlatform Platform => DigestPlatform.Slack;

    // Slack channels take an invitation (or an unarchive); the fix is said in Slack's terms.
    public string BrokenChannelFix => Wording.SlackBrokenChannelFix;

    public Task<DigestTarget> CompleteTargetAsync(DigestTarget target, CancellationToken cancellationToken) => Task.FromResult(target);

    public string PreviewJson(DigestContent content, string channel) => SlackDigestPreview.Json(content, channel);

    /// <summary>users.lookupByEmail: an active, human Slack user with that e-mail, reached in the app's DM.</summary>
    public async Task<PersonalReach?> FindPersonAsync(string email, CancellationToken cancellationToken) =>
        slack is { } client && await client.LookupUserByEmailAsync(email, cancellationToken) is { Deleted: false, IsBot: false } user ? Reach(user) : null;

    /// <summary>
    /// A Slack user for the personal digest: chat.postMessage to the user id posts in the app's DM with them (as the
    /// App Home's cards do), the user id is whose ARR rule applies, and users.info's tz is their zone.
    /// </summary>
    public static PersonalReach Reach(SlackUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new PersonalReach(new DigestTarget(DigestPlatform.Slack, user.Id), user.Id, user.Tz);
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryTicket ticket, DigestTarget target, DigestContent content, CancellationToken cancellationToken)
    {
        if (slack is not { } client)
        {
            return DeliveryOutcome.NotConfigured(target.ChannelId, SlackMissing);
        }

        var rendered = SlackDigestRenderer.Render(content);
        var channel = target.ChannelId;
        var mode = "blocks";
        PostedMessage top;
        try
        {
            top = await PostSlackAsync(client, channel, rendered.TopLevel, cancellationToken);
        }
        catch (DigestPostException f) when (f.Rejected)
        {
            logger.LogWarning("Slack rejected the digest blocks ({Error}); sending it as plain text", f.Error);
            mode = "text";
            try
            {
                top = await PostSlackAsync(client, channel, new SlackMessage { Text = rendered.FallbackTopLevel, UnfurlLinks = false, UnfurlMedia = false }, cancellationToken);
            }
            catch (DigestPostException g)
            {
                return g.ToDelivery(null, channel, mode, $"blocks rejected ({f.Error}), then the text fallback failed");
            }
        }
        catch (DigestPostException f)
        {
            return f.ToDelivery(null, channel, mode, null);
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
                    await PostSlackAsync(client, channel, message with { ThreadTs = top.Ts }, cancellationToken);
                }
                catch (DigestPostException f) when (f.Rejected && !asText)
                {
                    logger.LogWarning("Slack rejected thread reply {Reply} ({Error}); sending it and the rest as text", i + 1, f.Error);
                    notes.Add($"thread reply {i + 1} of {thread.Count} rejected ({f.Error}); it and the rest sent as text");
                    mode = "blocks+text";
                    asText = true;
                    i--; // the same reply again, as text
                    break;
                }
                catch (DigestPostException f)
                {
                    problems.Add($"thread reply {i + 1} of {thread.Count}: {f.Describe()}");
                    break;
                }
            }
        }

        if (rendered.Chart is { } chart && problems.Count == 0)
        {
            var chartProblem = await pacer.PaceAsync(channel, () => UploadChartAsync(client, channel, top.Ts, chart, cancellationToken), cancellationToken);
            if (chartProblem is not null)
            {
                // Text-only fallback for the image: the numbers are already in the thread; say why the picture is missing.
                problems.Add($"the chart was not attached ({chartProblem})");
                try
                {
                    await PostSlackAsync(client, channel, new SlackMessage
                    {
                        Text = "The chart could not be attached; the same numbers are in the table above.\n_" + SlackText.Escape(content.Footer.Text) + "_",
                        ThreadTs = top.Ts,
                    }, cancellationToken);
                    problems[^1] += "; a note in the thread says so";
                }
                catch (DigestPostException f)
                {
                    problems.Add($"chart note: {f.Describe()}");
                }
            }
        }

        if (mode == "text")
        {
            notes.Insert(0, "blocks rejected; sent as text");
        }

        return problems.Count == 0
            ? new DeliveryOutcome(DigestStatus.Sent, top.Ts, top.Channel, mode, notes.Count == 0 ? null : string.Join("; ", notes))
            : new DeliveryOutcome(DigestStatus.Partial, top.Ts, top.Channel, mode, string.Join("; ", problems.Concat(notes)));
    }

    private async Task<string?> UploadChartAsync(SlackApiClient client, string channel, string threadTs, DigestChart chart, CancellationToken cancellationToken)
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
            await WithRetriesAsync(() => client.UploadFileAsync(upload, cancellationToken), cancellationToken);
            return null;
        }
        catch (DigestPostException f)
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
    private Task<PostedMessage> PostSlackAsync(SlackApiClient client, string channel, SlackMessage message, CancellationToken cancellationToken) =>
        WithRetriesAsync(() => pacer.PaceAsync(channel, () => client.PostMessageAsync(channel, message, cancellationToken), cancellationToken), cancellationToken);

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
                    throw new DigestPostException($"rate limited by Slack after {attempt} attempts (Retry-After {ex.RetryAfter.TotalSeconds:0} s); nothing was posted", PostFailureKind.NothingPosted);
                }

                wait = ex.RetryAfter > settings.MaxRetryDelay ? settings.MaxRetryDelay : ex.RetryAfter;
            }
            catch (SlackOutcomeUnknownException ex)
            {
                throw new DigestPostException($"no clear answer from Slack ({ex.Message}); it may have posted", PostFailureKind.MaybePosted);
            }
            catch (SlackTransportException ex)
            {
                if (attempt >= settings.SendAttempts)
                {
                    throw new DigestPostException($"Slack could not be reached after {attempt} attempts ({ex.Message}); nothing was posted", PostFailureKind.NothingPosted);
                }

                wait = settings.Backoff(attempt);
            }
            catch (SlackApiException ex) when (TransientErrors.Contains(ex.Error))
            {
                if (attempt >= settings.SendAttempts)
                {
                    throw new DigestPostException($"Slack answered {ex.Error} {attempt} times; nothing was posted", PostFailureKind.NothingPosted);
                }

                wait = settings.Backoff(attempt);
            }
            catch (SlackApiException ex) when (MaybePostedErrors.Contains(ex.Error))
            {
                throw new DigestPostException($"Slack answered {ex.Error}, which may come after it posted", PostFailureKind.MaybePosted);
            }
            catch (SlackApiException ex)
            {
                var detail = ex.Messages.Count > 0 ? $"{ex.Error} ({string.Join("; ", ex.Messages)})" : ex.Error;
                throw new DigestPostException("Slack refused: " + detail,
                    BrokenChannelErrors.Contains(ex.Error) ? PostFailureKind.BrokenChannel
                    : RejectedContentErrors.Contains(ex.Error) ? PostFailureKind.RejectedContent
                    : PostFailureKind.NothingPosted);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("BotToken", StringComparison.Ordinal))
            {
                throw new DigestPostException(ex.Message, PostFailureKind.NothingPosted);
            }

            logger.LogWarning("Digest post attempt {Attempt} failed; retrying in {Wait}", attempt, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }


    /// <summary>Tells a Slack creator (a DM to their user id) and Digests:AlertChannel, if any. Never throws.</summary>
    public async Task AlertAsync(DigestSubscription subscription, DigestAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(alert);
        var text = alert.Text;
        var recipients = new List<string>(2);
        if (subscription.Platform == DigestKinds.Text(DigestPlatform.Slack) && DigestCreators.IsSlackUser(subscription.CreatedBy))
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

        if (slack is null)
        {
            logger.LogError("Digest alert for subscription {Subscription} cannot be sent ({Why}): {Text}", subscription.Id, SlackMissing, text);
            return;
        }

        foreach (var recipient in recipients)
        {
            try
            {
                // chat.postMessage to a user id posts into the app's DM with that user.
                await slack.PostMessageAsync(recipient, SlackDigestAlert.Render(alert), cancellationToken);
            }
            catch (SlackApiException ex) when (ex.IsRefusal)
            {
                logger.LogWarning("Could not alert {Recipient} about digest subscription {Subscription}: Slack refused ({Error}): {Text}", recipient, subscription.Id, ex.Error, text);
            }
            catch (Exception ex) when (ex is SlackApiException or SlackTransportException or InvalidOperationException or HttpRequestException)
            {
                // An outcome of talking to Slack (unreachable, 5xx, a timeout), not a bug: one line with the reason, no stack trace.
                logger.LogError("Could not alert {Recipient} about digest subscription {Subscription}: {Reason}: {Text}", recipient, subscription.Id, ex.Message, text);
            }
        }
    }
}
