using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PlatformBot.Data.Storage;

/// <summary>The resolved provider and connection string, and how to configure EF for them.</summary>
public sealed record StoreConnection(StorageProvider Provider, string ConnectionString, int CommandTimeoutSeconds)
{
    public const string SqliteMigrations = "PlatformBot.Data.Sqlite";
    public const string SqlServerMigrations = "PlatformBot.Data.SqlServer";
    public const string PostgresMigrations = "PlatformBot.Data.Postgres";

    public static StoreConnection Resolve(StorageOptions options, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != StorageProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Storage:Provider is {options.Provider} but ConnectionStrings:PlatformBot is not set " +
                    "(set the environment variable ConnectionStrings__PlatformBot).");
            }

            // The folder is created with the store (StoreInitializer), not here: a verb that only reads must not
            // leave an empty store, or even its folder, behind in the wrong directory.
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Path.GetFullPath(options.DataDirectory), "platformbot.db"),
                DefaultTimeout = 30,
            }.ToString();
        }

        return new StoreConnection(options.Provider, connectionString, options.CommandTimeoutSeconds);
    }

    /// <summary>The full path of the SQLite file, or null for a server or an in-memory SQLite database.</summary>
    public string? SqliteFile
    {
        get
        {
            if (Provider != StorageProvider.Sqlite)
            {
                return null;
            }

            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : Path.GetFullPath(builder.DataSource);
        }
    }

    /// <summary>The server's host (and port, when given) from the connection string, for "cannot connect to HOST".</summary>
    public string ServerAddress()
    {
        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToUpperInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        var host = parts.GetValueOrDefault("HOST") ?? parts.GetValueOrDefault("SERVER") ?? parts.GetValueOrDefault("DATA SOURCE") ?? "(no host)";
        return parts.TryGetValue("PORT", out var port) ? $"{host}:{port}" : host;
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddInterceptors(StoreCommandTracer.Instance);
        switch (Provider)
        {
            case StorageProvider.Sqlite:
                builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrations).CommandTimeout(CommandTimeoutSeconds));
                break;
            case StorageProvider.SqlServer:
                builder.UseSqlServer(ConnectionString, o => o.MigrationsAssembly(SqlServerMigrations).CommandTimeout(CommandTimeoutSeconds));
                break;
            case StorageProvider.Postgres:
                builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgresMigrations).CommandTimeout(CommandTimeoutSeconds));
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider {Provider}.");
        }
    }

    /// <summary>
    /// A plain ADO.NET connection to the store (not yet open), for hand-written reads that need no EF model: a
    /// DbContext builds its model on first use, which costs a one-shot command such as `export kpi` a few hundred
    /// milliseconds. Pooled like EF's own connections (same connection string).
    /// </summary>
    public DbConnection CreateDbConnection() => Provider switch
    {
        StorageProvider.Sqlite => new SqliteConnection(ConnectionString),
        StorageProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnection(ConnectionString),
        StorageProvider.Postgres => new Npgsql.NpgsqlConnection(ConnectionString),
        _ => throw new InvalidOperationException($"Unknown storage provider {Provider}."),
    };

    public DbContextOptions<PlatformBotDbContext> CreateOptions()
    {
        var builder = new DbContextOptionsBuilder<PlatformBotDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>A redacted description for logs: provider and server/database, never a password.</summary>
    public string Describe() => Provider switch
    {
        StorageProvider.Sqlite => $"SQLite file {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => $"{Provider} ({RedactedTarget()})",
    };

    private string RedactedTarget()
    {
        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keep = parts.Where(p =>
        {
            var key = p.Split('=', 2)[0].Trim().ToUpperInvariant();
            return key is "HOST" or "SERVER" or "DATA SOURCE" or "DATABASE" or "INITIAL CATALOG" or "PORT";
        });
        return string.Join(';', keep);
    }
}
