using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Access;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// The one send path of every digest, scheduled or by hand: claim the period (the guard), build, hand the content
/// to the platform's <see cref="IDigestChannel"/> (which posts with retries and fallbacks), complete the claim with
/// the platform's message id. Failures are recorded and alerted, never silent; a broken channel pauses the subscription.
/// </summary>
public sealed class DigestSender(
    IDbContextFactory<PlatformBotDbContext> contexts,
    DeliveryLedger ledger,
    DigestDataLoader loader,
    DigestBuilder builder,
    PersonalDigestBuilder personalBuilder,
    PersonalDigests personal,
    WeekSnapshotGuard snapshots,
    ArrVisibility arrVisibility,
    DigestChannels channels,
    DigestAlerts alerts,
    DigestScheduleSignal scheduleSignal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestSender> logger)
{
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
        // A scheduled digest (or one sent by hand for the current week) never reports last week as this week's news:
        // the week's snapshot is scored first when the weekly scoring job has not stored it yet. A past week sent by
        // hand is not scored after the fact (that would rewrite history); its footer states the data date it used.
        var currentWeek = DigestSchedule.WeekStart(date) == DigestSchedule.WeekStart(schedule.LocalDate(time.GetUtcNow()));
        if ((source is DigestSources.Schedule or DigestSources.CatchUp || currentWeek) && options.Value.ScoreMissingWeek)
        {
            await snapshots.EnsureAsync(date, cancellationToken);
        }

        return await DeliverAsync(subscription, date, source, retryUnknown,
            async ct => await BuildAsync(subscription, await loader.LoadAsync(date, ct), ct), cancellationToken);
    }

    /// <summary>
    /// One subscription's digest from a loaded data set: the one place a subscription becomes a
    /// <see cref="DigestRequest"/> (kind, filters, zone, and ARR as its channel may see it).
    /// </summary>
    public DigestContent Build(DigestSubscription subscription, DigestDataSet data)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return builder.Build(data, new DigestRequest(DigestKinds.Parse(subscription.Kind), DigestFilters.From(subscription),
            DigestSchedule.From(subscription).Zone.Id, subscription.SkipWhenNoChanges, ShowArr: arrVisibility.MaySeeArr(DigestTarget.From(subscription).Audience())));
    }

    /// <summary>
    /// Any subscription's digest: a channel digest from the loaded data set (<see cref="Build"/>), a person's
    /// `my-accounts` digest from their book, which is read from the store (ADR 0027) with the person's ARR rule.
    /// </summary>
    public Task<DigestContent> BuildAsync(DigestSubscription subscription, DigestDataSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return ReadsTheStore(subscription)
            ? personalBuilder.BuildAsync(data, subscription.OwnerEmail ?? string.Empty, DigestSchedule.From(subscription).Zone.Id,
                arrVisibility.MaySeeArr(PersonalDigests.Audience(subscription)), cancellationToken)
            : Task.FromResult(Build(subscription, data));
    }

    /// <summary>A personal digest reads its person's book from the store when it is built; the others need only the data set.</summary>
    public static bool ReadsTheStore(DigestSubscription subscription) =>
        DigestKinds.Parse(subscription?.Kind ?? throw new ArgumentNullException(nameof(subscription))) == DigestKind.MyAccounts;

    /// <summary>
    /// The guarded half of every send: claim the period, build (<paramref name="build"/>: from the loader for one send,
    /// or content a batch built beforehand from its shared data set), post, complete the claim, alert. A period
    /// already claimed posts nothing.
    /// </summary>
    public async Task<SendOutcome> DeliverAsync(
        DigestSubscription subscription, DateOnly date, string source, bool retryUnknown, Func<CancellationToken, Task<DigestContent>> build,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(build);
        var subscriptionId = subscription.Id;
        if (!personal.IsOn(subscription))
        {
            // A personal digest its person turned off (or that only Digests:PersonalDefault, now false, turned on).
            return new SendOutcome(DigestStatus.Skipped, string.Create(CultureInfo.InvariantCulture,
                $"Subscription {subscriptionId} is a personal digest that is off; nothing was sent."));
        }

        var period = DigestSchedule.PeriodKey(date);
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
            content = await build(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing was posted, so the row is "failed" and a later send may claim it again.
            logger.LogError(ex, "Building digest {Subscription} {Period} failed", subscriptionId, period);
            var error = "building the digest failed: " + ex.Message;
            await ledger.CompleteAsync(ticket, DigestStatus.Failed, null, null, null, null, error);
            await alerts.DeliveryEndedAsync(subscription, period, DigestStatus.Failed, error, cancellationToken);
            return new SendOutcome(DigestStatus.Failed, string.Create(CultureInfo.InvariantCulture, $"Subscription {subscriptionId}, {period}: {error}. Nothing was posted."), ticket.DeliveryId);
        }

        if (content.NothingChanged && subscription.SkipWhenNoChanges)
        {
            await ledger.CompleteAsync(ticket, DigestStatus.Skipped, content.Footer.DataDate, null, null, null, "nothing changed (skip-when-no-changes)");
            return new SendOutcome(DigestStatus.Skipped, $"Nothing changed for subscription {subscriptionId} in {period}; skipped as configured.", ticket.DeliveryId);
        }

        DeliveryOutcome result;
        try
        {
            result = channels.Find(target.Platform) is { } channel
                ? await channel.DeliverAsync(ticket, target, content, cancellationToken)
                : DeliveryOutcome.NotConfigured(target.ChannelId, $"no {target.Platform.Text()} channel is registered on this host; nothing was posted");
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
            result = new DeliveryOutcome(DigestStatus.Unknown, null, null, null, "unexpected error while sending: " + ex.Message);
        }

        await ledger.CompleteAsync(ticket, result.Status, content.Footer.DataDate, result.MessageId, result.Channel, result.Mode, result.Error);
        if (result.ChannelBroken)
        {
            await MarkBrokenAsync(subscription, result.Error ?? "the channel cannot be reached", cancellationToken);
        }
        else if (result.Status is DigestStatus.Unknown or DigestStatus.Partial or DigestStatus.Failed)
        {
            await alerts.DeliveryEndedAsync(subscription, period, result.Status, result.Error, cancellationToken);
        }

        var what = string.Create(CultureInfo.InvariantCulture,
            $"{subscription.Kind} for subscription {subscription.Id} to {target.Describe()}, {period} (data as of {content.Footer.DataDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "n/a"})");
        var message = result.Status switch
        {
            DigestStatus.Sent => $"Sent {what}: message {result.MessageId}{(result.Mode == "text" ? " (as plain text: the blocks were rejected)" : string.Empty)}.",
            DigestStatus.Partial => $"Partly sent {what}: message {result.MessageId} (the headline) was posted, but {result.Error}.",
            DigestStatus.Unknown => $"Unknown outcome for {what}: {result.Error}. Not resent; check the channel.",
            _ => $"Failed {what}: {result.Error}.",
        };
        logger.LogInformation("Digest delivery {Delivery}: {Message}", ticket.DeliveryId, message);
        return new SendOutcome(result.Status, message, ticket.DeliveryId, result.MessageId) { ChannelRefused = result.ChannelBroken };
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
        scheduleSignal.RequestSync();
        await alerts.ChannelBrokenAsync(subscription, reason, cancellationToken);
    }
}
