using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Store;

/// <summary>
/// "Show all" once per list per digest thread: insert the list's row unless its (platform, thread, list) already has
/// one. As with <see cref="DeliveryClaims"/>, a second click is an answer (0 rows), not a unique violation EF would
/// log as an error: ON CONFLICT DO NOTHING on SQLite and PostgreSQL, NOT EXISTS under UPDLOCK, HOLDLOCK on SQL Server.
/// </summary>
public static class ListPostClaims
{
    /// <summary>Inserts <paramref name="row"/> when its list is not posted in that thread yet; true when this call inserted it.</summary>
    public static async Task<bool> InsertIfAbsentAsync(PlatformBotDbContext db, DigestListPost row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(row);
        var sqlServer = StoreCommands.IsSqlServer(db);
        var inserted = sqlServer
            ? await db.Database.ExecuteSqlAsync($"""
                INSERT INTO digest_list_posts (platform, thread, list_key, posted_by, posted_at_utc)
                SELECT {row.Platform}, {row.Thread}, {row.ListKey}, {row.PostedBy}, {row.PostedAtUtc}
                WHERE NOT EXISTS (SELECT 1 FROM digest_list_posts WITH (UPDLOCK, HOLDLOCK) WHERE platform = {row.Platform} AND thread = {row.Thread} AND list_key = {row.ListKey})
                """, cancellationToken)
            : await db.Database.ExecuteSqlAsync($"""
                INSERT INTO digest_list_posts (platform, thread, list_key, posted_by, posted_at_utc)
                VALUES ({row.Platform}, {row.Thread}, {row.ListKey}, {row.PostedBy}, {row.PostedAtUtc})
                ON CONFLICT (platform, thread, list_key) DO NOTHING
                """, cancellationToken);
        return inserted == 1;
    }
}
