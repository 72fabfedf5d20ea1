using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Who gets the personal my-accounts digest (ADR 0027). Each person is one <c>digest_subscriptions</c> row of kind
/// my-accounts, unique by <see cref="DigestSubscription.PersonKey"/> (their e-mail), so the scheduler, the sender and
/// the delivery guard (one row per subscription and week) serve it as they serve channels: exactly once per person and
/// week, whichever platform they use. The row holds the person's own choice (`digest me on|off`); without one,
/// Digests:PersonalDefault decides. With the default on, <see cref="EnrolAsync"/> adds every owner and CSM a platform
/// can reach by e-mail, and records the others as broken with the reason, so nobody is left out silently.
/// </summary>
public sealed class PersonalDigests(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    AccountDirectory directory,
    DigestChannels channels,
    DigestScheduleSignal signal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<PersonalDigests> logger)
{
    /// <summary>How often the scheduler's loop looks for owners and CSMs to enrol when Digests:PersonalDefault is on.</summary>
    public static readonly TimeSpan EnrolInterval = TimeSpan.FromHours(24);

    private DateTimeOffset? _lastEnrolled;

    /// <summary>The person key: the e-mail trimmed and lower case (the account directory matches e-mails ignoring case).</summary>
    public static string Key(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Whether a my-accounts row is sent: the person's choice, else Digests:PersonalDefault. Channel digests always are.</summary>
    public bool IsOn(DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return subscription.Kind != DigestKinds.MyAccountsText || (subscription.PersonalChoice ?? options.Value.PersonalDefault);
    }

    /// <summary>
    /// Who reads a personal digest, for <see cref="ArrVisibility"/>: the person alone, as when they look an account up
    /// in a DM (Slack: their user id, no channel; Teams: their Entra object id).
    /// </summary>
    public static ArrAudience Audience(DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return DigestTarget.From(subscription).Platform == DigestPlatform.Slack
            ? ArrAudience.SlackUser(subscription.CreatedBy, null)
            : ArrAudience.TeamsUser(subscription.CreatedBy);
    }

    /// <summary>`digest me on|off`: stores the person's choice and where to reach them; returns the reply, in Wording's words.</summary>
    public async Task<string> ChooseAsync(PersonalReach reach, string email, bool on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var row = await SaveAsync(reach, email, on, cancellationToken);
        signal.RequestSync();
        return on ? Wording.PersonalDigestOn(email.Trim(), DigestSchedule.From(row).Describe()) : Wording.PersonalDigestOff;
    }

    /// <summary>Enrols owners and CSMs at most once per <see cref="EnrolInterval"/>, and only when Digests:PersonalDefault is on.</summary>
    public async Task EnrolIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastEnrolled is { } last && now - last < EnrolInterval)
        {
            return;
        }

        await EnrolAsync(cancellationToken);
        _lastEnrolled = now;
    }

    /// <summary>
    /// Digests:PersonalDefault: a row for every owner and CSM e-mail that has none yet (and another try for those
    /// recorded unreachable), reached through the first platform that finds the e-mail. Returns the rows added or healed;
    /// nothing when the default is off (then only `digest me on` makes a row).
    /// </summary>
    public async Task<int> EnrolAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.PersonalDefault)
        {
            return 0;
        }

        await initializer.EnsureReadyAsync(cancellationToken);
        Dictionary<string, DigestSubscription> known;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            known = await db.DigestSubscriptions.AsNoTracking()
                .Where(s => s.PersonKey != null).ToDictionaryAsync(s => s.PersonKey!, StringComparer.Ordinal, cancellationToken);
        }

        var changed = 0;
        foreach (var email in await directory.EmailsAsync(cancellationToken))
        {
            if (known.TryGetValue(Key(email), out var row) && (row.Status != DigestStatus.Broken || row.PersonalChoice is not null))
            {
                continue;
            }

            var reach = await FindAsync(email, cancellationToken);
            if (reach is not null)
            {
                await SaveAsync(reach, email, choice: null, cancellationToken);
                changed++;
            }
            else if (row is null)
            {
                await RecordUnreachableAsync(email, cancellationToken);
            }
        }

        if (changed > 0)
        {
            logger.LogInformation("Personal digests: {Count} owner(s) or CSM(s) enrolled by Digests:PersonalDefault", changed);
            signal.RequestSync();
        }

        return changed;
    }

    private async Task<PersonalReach?> FindAsync(string email, CancellationToken cancellationToken)
    {
        foreach (var channel in channels.All)
        {
            try
            {
                if (await channel.FindPersonAsync(email, cancellationToken) is { } reach)
                {
                    return reach;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed lookup must not stop the others; the next enrolment tries again.
                logger.LogWarning(ex, "Looking up a {Platform} user for a personal digest failed", channel.Platform.Text());
            }
        }

        return null;
    }

    /// <summary>Inserts or updates the person's row; <paramref name="choice"/> null keeps an existing choice (enrolment).</summary>
    private async Task<DigestSubscription> SaveAsync(PersonalReach reach, string email, bool? choice, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        var settings = options.Value;
        var zone = reach.TimeZone is { Length: > 0 } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _) ? tz : settings.DefaultTimeZone;
        var key = Key(email);
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.DigestSubscriptions.FirstOrDefaultAsync(s => s.PersonKey == key, cancellationToken);
            if (row is null)
            {
                row = new DigestSubscription
                {
                    Platform = string.Empty, ChannelId = string.Empty, Kind = DigestKinds.MyAccountsText, Day = settings.DefaultDay,
                    Time = settings.DefaultTime, TimeZone = zone, CreatedBy = reach.Person, CreatedAtUtc = now, Status = DigestStatus.Active,
                    PersonKey = key, SkipWhenNoChanges = true,
                };
                db.DigestSubscriptions.Add(row);
            }

            var target = reach.Target;
            row.Platform = target.Platform.Text();
            row.ChannelId = target.ChannelId;
            row.ServiceUrl = target.ServiceUrl;
            row.TenantId = target.TenantId;
            row.ConversationId = target.ConversationId;
            row.CreatedBy = reach.Person;
            row.OwnerEmail = email.Trim();
            row.PersonalChoice = choice ?? row.PersonalChoice;
            if (reach.TimeZone is not null)
            {
                row.TimeZone = zone;
            }

            row.Status = DigestStatus.Active;
            row.StatusReason = null;
            row.StatusChangedAtUtc = now;
            row.UpdatedAtUtc = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return row;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another node inserted the same person at the same moment (the unique person key): update theirs.
            }
        }
    }

    /// <summary>An owner or CSM no platform can reach: a broken row with the reason (listed by `subscriptions list`), never silence.</summary>
    private async Task RecordUnreachableAsync(string email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var reason = Wording.PersonalUnreachable(email.Trim());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.DigestSubscriptions.Add(new DigestSubscription
        {
            Platform = (channels.All.Count > 0 ? channels.All[0].Platform : DigestPlatform.Slack).Text(), ChannelId = email.Trim(), Kind = DigestKinds.MyAccountsText,
            OwnerEmail = email.Trim(), PersonKey = Key(email), Day = settings.DefaultDay, Time = settings.DefaultTime, TimeZone = settings.DefaultTimeZone,
            CreatedBy = "personal-default", CreatedAtUtc = now, UpdatedAtUtc = now, Status = DigestStatus.Broken, StatusReason = reason,
            StatusChangedAtUtc = now, SkipWhenNoChanges = true,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Personal digest undeliverable: {Reason}", reason);
        }
        catch (DbUpdateException)
        {
            // Recorded by another node at the same moment: once is enough.
        }
    }
}
