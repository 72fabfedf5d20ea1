using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Store;

/// <summary>
/// The digest delivery guard's one hand-written statement: insert a delivery row unless its (subscription, period)
/// already has one. The unique index arbitrates as before (ADR 0004), but a lost race is now an answer (0 rows), not
/// a unique violation: EF logs every failed command at Error with its stack trace, and a second send of the same
/// week is an expected outcome, not an error. SQLite and PostgreSQL say it with ON CONFLICT DO NOTHING; SQL Server
/// with NOT EXISTS under UPDLOCK, HOLDLOCK (a key-range lock, so two inserters cannot both see "absent").
/// </summary>
public static class DeliveryClaims
{
    /// <summary>Inserts <paramref name="row"/> when its period is free; true when this call inserted it.</summary>
    public static async Task<bool> InsertIfAbsentAsync(PlatformBotDbContext db, DigestDelivery row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(row);
        var sqlServer = StoreCommands.IsSqlServer(db);
        var inserted = sqlServer
            ? await db.Database.ExecuteSqlAsync($"""
                INSERT INTO digest_deliveries (subscription_id, period_key, as_of, status, source, claim_token, claimed_by, claimed_at_utc, completed_at_utc, attempts, error)
                SELECT {row.SubscriptionId}, {row.PeriodKey}, {row.AsOf}, {row.Status}, {row.Source}, {row.ClaimToken}, {row.ClaimedBy}, {row.ClaimedAtUtc}, {row.CompletedAtUtc}, {row.Attempts}, {row.Error}
                WHERE NOT EXISTS (SELECT 1 FROM digest_deliveries WITH (UPDLOCK, HOLDLOCK) WHERE subscription_id = {row.SubscriptionId} AND period_key = {row.PeriodKey})
                """, cancellationToken)
            : await db.Database.ExecuteSqlAsync($"""
                INSERT INTO digest_deliveries (subscription_id, period_key, as_of, status, source, claim_token, claimed_by, claimed_at_utc, completed_at_utc, attempts, error)
                VALUES ({row.SubscriptionId}, {row.PeriodKey}, {row.AsOf}, {row.Status}, {row.Source}, {row.ClaimToken}, {row.ClaimedBy}, {row.ClaimedAtUtc}, {row.CompletedAtUtc}, {row.Attempts}, {row.Error})
                ON CONFLICT (subscription_id, period_key) DO NOTHING
                """, cancellationToken);
        if (inserted != 1)
        {
            return false;
        }

        row.Id = await db.DigestDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == row.SubscriptionId && d.PeriodKey == row.PeriodKey && d.ClaimToken == row.ClaimToken)
            .Select(d => d.Id).FirstAsync(cancellationToken);
        return true;
    }
}
