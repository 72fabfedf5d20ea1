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

        if (!personal.IsOn(subscription))
        {
            // A personal digest its person turned off (or that only Digests:PersonalDefault, now false, turned on).
            return new SendOutcome(DigestStatus.Skipped, string.Create(CultureInfo.InvariantCulture,
                $"Subscription {subscriptionId} is a personal digest that is off; nothing was sent."));
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
            content = kind == DigestKind.MyAccounts
                ? await personalBuilder.BuildAsync(data, subscription.OwnerEmail ?? string.Empty, schedule.Zone.Id,
                    arrVisibility.MaySeeArr(PersonalDigests.Audience(subscription)), cancellationToken)
                : builder.Build(data, new DigestRequest(kind, DigestFilters.From(subscription), schedule.Zone.Id, subscription.SkipWhenNoChanges,
                    ShowArr: arrVisibility.MaySeeArr(target.Audience())));
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
