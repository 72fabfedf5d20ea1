using Microsoft.Data.Sqlite;
using Npgsql;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>
/// A database playing the data team's warehouse: tables in one schema, the views the bot reads in another (PostgreSQL,
/// a database of its own per test), or a SQLite file with the same shape (SQLite has no schemas).
/// </summary>
internal sealed class Warehouse : IAsyncDisposable
{
    private readonly DirectoryInfo? _folder;

    private Warehouse(string provider, string connectionString, DirectoryInfo? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
    }

    /// <summary>Sources:Sql:NAME:Provider for this warehouse.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The CRM's customers (crm.customers) with bot.accounts over them: account_id, name, segment, region.</summary>
    public const string PostgresCrm = """
        CREATE SCHEMA crm;
        CREATE TABLE crm.customers (crm_id text PRIMARY KEY, display_name text, tier text, territory text);
        INSERT INTO crm.customers VALUES ('A-1', 'Acme Corp', 'enterprise', 'emea'), ('A-2', 'Acme Labs', 'smb', 'amer'), ('A-3', 'Globex', 'mid-market', 'apac');
        CREATE SCHEMA bot;
        CREATE VIEW bot.accounts AS SELECT crm_id AS account_id, display_name AS name, tier AS segment, territory AS region FROM crm.customers;
        """;

    public static async Task<Warehouse> PostgresAsync(string sql)
    {
        var connectionString = await PostgresTestDatabase.CreateAsync("pb_wh_");
        var warehouse = new Warehouse("Postgres", connectionString, null);
        await warehouse.ExecuteAsync(sql);
        return warehouse;
    }

    public static async Task<Warehouse> SqliteAsync(string sql)
    {
        var folder = Directory.CreateTempSubdirectory("platformbot-warehouse-");
        var file = Path.Combine(folder.FullName, "warehouse.db");
        var warehouse = new Warehouse("Sqlite", new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), folder);
        await warehouse.ExecuteAsync(sql);
        return warehouse;
    }

    public async Task ExecuteAsync(string sql)
    {
        if (Provider == "Postgres")
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The settings of a source named <paramref name="name"/> reading this warehouse.</summary>
    public IEnumerable<(string Key, string Value)> Source(string name, string kind, string query) =>
    [
        ($"Sources:Sql:{name}:Kind", kind),
        ($"Sources:Sql:{name}:Provider", Provider),
        ($"Sources:Sql:{name}:ConnectionString", ConnectionString),
        ($"Sources:Sql:{name}:Query", query),
    ];

    public async ValueTask DisposeAsync()
    {
        if (Provider == "Postgres")
        {
            await PostgresTestDatabase.DropAsync(ConnectionString);
        }

        SqliteConnection.ClearAllPools();
        _folder?.Delete(recursive: true);
    }
}
