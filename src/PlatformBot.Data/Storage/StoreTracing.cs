using System.Data.Common;
using System.Diagnostics;

namespace PlatformBot.Data.Storage;

/// <summary>
/// The store's one ActivitySource: a span for each database command, EF's (<see cref="StoreCommandTracer"/>) and the
/// hand-written ones (<c>StoreCommands.Command</c>), from the command's creation to its disposal, so it covers the
/// execution and the reading of its rows. A span names the database system and the statement's first keyword, never
/// the SQL text or a parameter value: account names and ARR travel as parameters (ADR 0022). Nothing is created
/// unless a listener asks, and the host composes one only when it exports.
/// </summary>
public static class StoreTracing
{
    public const string SourceName = "PlatformBot.Data";

    private static readonly ActivitySource Source = new(SourceName);

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "COPY", "CREATE", "ALTER", "DROP", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "IF",
    };

    /// <param name="origin">"ef" or "store" (hand-written): which of the two kinds of statement it was.</param>
    internal static void Trace(DbCommand command, string origin)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        var operation = Operation(command.CommandText);
        var previous = Activity.Current;
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is null)
        {
            return;
        }

        // Not left as the current activity: the caller's later work is not part of this command.
        Activity.Current = previous;
        activity.SetTag("db.system.name", System(command));
        activity.SetTag("db.operation.name", operation);
        activity.SetTag("platformbot.store.origin", origin);
        command.Disposed += (_, _) => activity.Stop();
    }

    /// <summary>The statement's first keyword (after comments EF may put first), or OTHER: a bounded set of names.</summary>
    internal static string Operation(string? sql)
    {
        var text = (sql ?? string.Empty).AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }

        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        var word = text[..length].ToString().ToUpperInvariant();
        return Operations.Contains(word) ? word : "OTHER";
    }

    private static string System(DbCommand command) => command.GetType().Namespace switch
    {
        "Microsoft.Data.Sqlite" => "sqlite",
        "Npgsql" => "postgresql",
        "Microsoft.Data.SqlClient" => "microsoft.sql_server",
        _ => "other_sql",
    };
}
