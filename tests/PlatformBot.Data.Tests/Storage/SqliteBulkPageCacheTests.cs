using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Tests.Support;

namespace PlatformBot.Data.Tests.Storage;

/// <summary>
/// A bulk load out of key order enlarges its connection's page cache (ADR 0029). Connections are pooled, so the load must
/// give the connection back with the cache it had: a serving host would otherwise hold the pages for the rest of its life.
/// </summary>
public sealed class SqliteBulkPageCacheTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public async Task A_usage_import_gives_its_pooled_connection_back_with_the_page_cache_it_had()
    {
        await using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        var pooled = store.Connection with
        {
            ConnectionString = new SqliteConnectionStringBuilder(store.Connection.ConnectionString) { Pooling = true }.ToString(),
        };
        var importer = new CsvImporter(pooled, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), NullLogger<CsvImporter>.Instance);
        async Task Import(ImportKind kind, string csv) =>
            Assert.True((await importer.ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), ["ci_builds_28d"], Today, null, CancellationToken.None)).Succeeded);

        await Import(ImportKind.Accounts, "account_id,name\nA-1,Acme Corp\n");
        await Import(ImportKind.Subscriptions, "subscription_id,account_id,plan,arr\nS-1,A-1,premium,10\n");
        await Import(ImportKind.Usage, "instance_id,subscription_id,snapshot_date,ci_builds_28d\ni-1,S-1,2026-11-16,5\ni-1,S-1,2026-11-09,4\n");

        // Every idle connection of the pool at once: the import's is among them.
        var connections = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var connection = new SqliteConnection(pooled.ConnectionString);
                connections.Add(connection);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA cache_size;";
                Assert.Equal(-2000L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
