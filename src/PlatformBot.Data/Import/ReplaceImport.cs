using System.Data.Common;
using System.Globalization;
using System.Text;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Import;

/// <summary>
/// The second half of a replace import (`--replace`), inside the import's transaction: what the file does not list
/// stops counting. Subscriptions get end_date = the import date unless they already ended on or before it;
/// accounts are archived (archived_at_utc), never deleted, so their history stays and a later import that lists
/// them brings them back (ADR 0013).
/// </summary>
internal static class ReplaceImport
{
    private const int IdsPerStatement = 500;

    /// <summary>Rows active before the import: subscriptions not ended as of the import date, accounts not archived.</summary>
    public static async Task<long> CountActiveAsync(
        ImportKind kind, StorageProvider provider, DbConnection connection, DbTransaction transaction, DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COUNT(*) " + ActiveRows(kind), provider, today);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static async Task<ReplaceOutcome> ApplyAsync(
        ImportKind kind, StorageProvider provider, DbConnection connection, DbTransaction transaction, HashSet<string> fileKeys,
        long activeBefore, DateOnly today, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var key = kind == ImportKind.Accounts ? "account_id" : "subscription_id";
        var absent = new List<string>();
        await using (var select = Command(connection, transaction, $"SELECT {key} " + ActiveRows(kind), provider, today))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!fileKeys.Contains(id))
                {
                    absent.Add(id);
                }
            }
        }

        absent.Sort(StringComparer.Ordinal);
        var set = kind == ImportKind.Accounts
            ? "UPDATE accounts SET archived_at_utc = @now, updated_at_utc = @now"
            : "UPDATE subscriptions SET end_date = @today, updated_at_utc = @now";
        for (var first = 0; first < absent.Count; first += IdsPerStatement)
        {
            var chunk = absent.GetRange(first, Math.Min(IdsPerStatement, absent.Count - first));
            var sql = new StringBuilder(set).Append(" WHERE ").Append(key).Append(" IN (");
            for (var i = 0; i < chunk.Count; i++)
            {
                sql.Append(i == 0 ? "@k" : ", @k").Append(i.ToString(CultureInfo.InvariantCulture));
            }

            await using var update = Command(connection, transaction, sql.Append(')').ToString(), provider, today);
            Add(update, "@now", Instant(provider, nowUtc));
            for (var i = 0; i < chunk.Count; i++)
            {
                Add(update, "@k" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return new ReplaceOutcome(kind, absent.Count, activeBefore, absent.Count <= ReplaceOutcome.MaxIds ? absent : absent.GetRange(0, ReplaceOutcome.MaxIds));
    }

    /// <summary>A future end_date is a scheduled end: such a subscription is still active today, and a replace ends it today.</summary>
    private static string ActiveRows(ImportKind kind) => kind switch
    {
        ImportKind.Accounts => "FROM accounts WHERE archived_at_utc IS NULL",
        ImportKind.Subscriptions => "FROM subscriptions WHERE end_date IS NULL OR end_date > @today",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "Replace applies to accounts and subscriptions only."),
    };

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, StorageProvider provider, DateOnly today)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        if (sql.Contains("@today", StringComparison.Ordinal))
        {
            Add(command, "@today", Date(provider, today));
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>Dates and instants in the form each provider stores them (SQLite: the text EF Core writes).</summary>
    private static object Date(StorageProvider provider, DateOnly date) => provider switch
    {
        StorageProvider.Sqlite => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        StorageProvider.SqlServer => date.ToDateTime(TimeOnly.MinValue),
        _ => date,
    };

    private static object Instant(StorageProvider provider, DateTime utc) =>
        provider == StorageProvider.Sqlite ? utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : utc;
}
