using System.Text;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Features.Accounts;

/// <summary>
/// `platformbot accounts purge ID --yes`: deletes everything stored about one account (the account, its subscriptions,
/// their instances and usage rows, its score snapshots) in one transaction. The digest tables hold nothing per account
/// (subscriptions filter by segment, region, owner, CSM, plan; deliveries name a period and a channel), so there is
/// nothing to delete there. Audit rows stay, as the record of who did what, with the account redacted to
/// "[purged]"; the purge itself is audited in the same transaction, without the account and never with ARR (ADR 0013).
/// </summary>
public sealed class AccountPurge(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    AuditLog audit,
    AccountDirectory directory,
    StoreChanges changes)
{
    public const string Redacted = "[purged]";

    /// <summary>Null when no such account is stored. Without <paramref name="confirmed"/> it only counts (nothing changes).</summary>
    public async Task<PurgeResult?> PurgeAsync(string accountId, bool confirmed, string actor, string surface, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.AccountId == accountId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var subscriptionIds = db.Subscriptions.Where(s => s.AccountId == accountId).Select(s => s.SubscriptionId);
        var usage = db.UsageRows.Where(u => subscriptionIds.Contains(u.SubscriptionId));
        var instances = db.Instances.Where(i => subscriptionIds.Contains(i.SubscriptionId));
        var snapshots = db.ScoreSnapshots.Where(s => s.AccountId == accountId);
        var mentions = await AuditMentionsAsync(db, account, cancellationToken);
        if (!confirmed)
        {
            var planned = new PurgeCounts(
                await subscriptionIds.CountAsync(cancellationToken), await instances.CountAsync(cancellationToken),
                await usage.CountAsync(cancellationToken), await snapshots.CountAsync(cancellationToken), mentions.Count);
            return new PurgeResult(account.AccountId, account.Name, false, planned);
        }

        // Children first: usage rows and instances are found through the subscriptions, and subscriptions restrict the account.
        var usageRows = await usage.ExecuteDeleteAsync(cancellationToken);
        var instanceRows = await instances.ExecuteDeleteAsync(cancellationToken);
        // The operator's instance map points at the subscriptions too; a mapping to a purged subscription would only refuse payloads.
        await db.InstanceMap.Where(m => subscriptionIds.Contains(m.SubscriptionId)).ExecuteDeleteAsync(cancellationToken);
        var snapshotRows = await snapshots.ExecuteDeleteAsync(cancellationToken);
        var subscriptionRows = await db.Subscriptions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
        await db.Accounts.Where(a => a.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);

        var counts = new PurgeCounts(subscriptionRows, instanceRows, usageRows, snapshotRows, mentions.Count);
        db.AuditEntries.AttachRange(mentions);
        foreach (var entry in mentions)
        {
            Redact(entry, account);
        }

        // Who purged and how much, in the same transaction: a purge is never committed unaudited. Not which account.
        db.AuditEntries.Add(audit.Entry(actor, surface, "purge", Redacted, counts.Describe()));
        await db.SaveChangesAsync(cancellationToken);
        // The change marker in the same transaction: every running host drops the account with the purge (ADR 0021).
        await db.Database.ExecuteSqlRawAsync(StoreChangeMarker.BumpSql(accounts: true), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        directory.Invalidate();
        changes.Changed();
        return new PurgeResult(account.AccountId, account.Name, true, counts);
    }

    /// <summary>Audit rows about the account (its lookups) or that name it (a query typed with its name or id).</summary>
    private static async Task<List<AuditEntry>> AuditMentionsAsync(PlatformBotDbContext db, Account account, CancellationToken cancellationToken)
    {
        var id = account.AccountId;
        var name = account.Name;
        var idLower = id.ToLowerInvariant();
        var nameLower = name.ToLowerInvariant();
        // The database narrows the rows (case-insensitively as far as its LOWER goes); the exact rule is ReplaceWhole.
        // ToLower().Contains is what EF translates to SQL on every provider; Contains(x, StringComparison) is not.
#pragma warning disable CA1862, MA0011 // EF translates ToLower() to SQL LOWER(); the culture and comparison overloads do not translate
        var candidates = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == id || (e.Detail != null
                && (e.Detail.Contains(id) || e.Detail.Contains(name) || e.Detail.ToLower().Contains(idLower) || e.Detail.ToLower().Contains(nameLower))))
            .ToListAsync(cancellationToken);
#pragma warning restore CA1862, MA0011
        return candidates.Where(e => e.Subject == id || Replace(e.Detail, account) != e.Detail).ToList();
    }

    private static void Redact(AuditEntry entry, Account account)
    {
        if (entry.Subject == account.AccountId)
        {
            // The row is about the account: what was typed to find it (its name or part of it) goes too.
            entry.Subject = Redacted;
            entry.Detail = entry.Detail is null ? null : Redacted;
            return;
        }

        entry.Detail = Replace(entry.Detail, account);
    }

    private static string? Replace(string? text, Account account) =>
        text is null ? null : ReplaceWhole(ReplaceWhole(text, account.Name), account.AccountId);

    /// <summary>
    /// Every case-insensitive occurrence of <paramref name="term"/> that stands alone (no letter or digit right before or
    /// after it): "A-1" is not in "A-10", so purging one account never garbles the rows of another.
    /// </summary>
    internal static string ReplaceWhole(string text, string term)
    {
        if (term.Length == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var from = 0;
        var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var end = at + term.Length;
            var alone = (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]));
            if (alone)
            {
                result.Append(text, from, at - from).Append(Redacted);
                from = end;
            }

            at = text.IndexOf(term, alone ? end : at + 1, StringComparison.OrdinalIgnoreCase);
        }

        return from == 0 ? text : result.Append(text, from, text.Length - from).ToString();
    }
}
