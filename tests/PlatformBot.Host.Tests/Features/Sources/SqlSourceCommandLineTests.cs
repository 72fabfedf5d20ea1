using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>`platformbot import --from-source NAME` as an operator runs it, the source set in the environment.</summary>
public sealed class SqlSourceCommandLineTests
{
    [Fact]
    public async Task Import_from_source_runs_it_names_a_bad_row_refuses_an_unknown_name_and_sources_status_shows_the_runs()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Sqlite);
        await using var warehouse = await Warehouse.SqliteAsync("""
            CREATE TABLE customers (crm_id TEXT PRIMARY KEY, display_name TEXT, tier TEXT);
            INSERT INTO customers VALUES ('A-1', 'Acme Corp', 'enterprise'), ('A-2', NULL, 'smb'), ('A-3', 'Globex', 'smb');
            """);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, query) in new[]
        {
            ("crm", "SELECT crm_id AS account_id, display_name AS name, tier AS segment FROM customers WHERE display_name IS NOT NULL"),
            ("raw", "SELECT crm_id AS account_id, display_name AS name FROM customers ORDER BY crm_id"),
        })
        {
            foreach (var (key, value) in warehouse.Source(name, "accounts", query))
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var ok = await store.RunWithAsync(environment, "import", "--from-source", "crm");
        var bad = await store.RunWithAsync(environment, "import", "--from-source", "raw");
        var unknown = await store.RunWithAsync(environment, "import", "--from-source", "erp");
        var status = await store.RunWithAsync(environment, "sources", "status");

        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.StartsWith("sql:crm: imported 2 accounts row(s)", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("row 2, column 2 (name): name is required but empty", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: No SQL source 'erp' under Sources:Sql; configured: crm, raw.", unknown.Stderr.Trim());
        Assert.Contains("sql:crm\tsql-accounts\t", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("\t2\tok\t", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("\t0\trefused\trows refused, nothing imported: row 2, column 2 (name)", status.Stdout, StringComparison.Ordinal);
    }
}
