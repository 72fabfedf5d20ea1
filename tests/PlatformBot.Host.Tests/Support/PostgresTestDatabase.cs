using Npgsql;
using PlatformBot.Host.Tests.Features.Digests;

namespace PlatformBot.Host.Tests.Support;

/// <summary>A fresh database on the test PostgreSQL server (PLATFORMBOT_TEST_POSTGRES, an admin connection string).</summary>
public static class PostgresTestDatabase
{
    /// <summary>Creates an empty database named after the prefix and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var admin = Admin();
        var database = prefix + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
    }

    /// <summary>Drops the database, closing what still uses it.</summary>
    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Admin() => Environment.GetEnvironmentVariable(PostgresClusterFactAttribute.Variable)
        ?? throw new InvalidOperationException("PLATFORMBOT_TEST_POSTGRES is required on CI.");
}
