using System.Data.Common;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Import;

/// <summary>
/// A query in another database (a warehouse or CRM) whose result is imported as a file of its kind would be. The
/// connection and command live here, with the store API's other hand-written SQL (ADR 0017), not in the host.
/// </summary>
public sealed record QuerySource(StorageProvider Provider, string ConnectionString, string Query, int CommandTimeoutSeconds)
{
    /// <summary>Why the provider cannot parse the connection string (no connection is opened), or null.</summary>
    public static string? ConnectionStringProblem(StorageProvider provider, string connectionString)
    {
        try
        {
            using var connection = new StoreConnection(provider, connectionString, 0).CreateDbConnection();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>True when the connection string carries a password (Password= or Pwd=), or cannot be read at all.</summary>
    public static bool HasPassword(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return true; // unreadable: assume the worst
        }

        return builder.Keys.Cast<string>().Any(k => k.Equals("password", StringComparison.OrdinalIgnoreCase) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Opens the connection and runs the query; the caller reads the result and disposes all three (the
    /// command only after the reader: disposing a SQLite command closes its reader).</summary>
    internal async Task<(DbConnection Connection, DbCommand Command, DbDataReader Reader)> ExecuteAsync(CancellationToken cancellationToken)
    {
        var connection = new StoreConnection(Provider, ConnectionString, CommandTimeoutSeconds).CreateDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = Query;
            command.CommandTimeout = CommandTimeoutSeconds;
            return (connection, command, await command.ExecuteReaderAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
