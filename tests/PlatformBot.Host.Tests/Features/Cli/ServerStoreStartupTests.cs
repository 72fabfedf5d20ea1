using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>
/// Issue 12: `serve` on a PostgreSQL store that is not migrated, or not reachable, says what to do before Quartz
/// starts (it used to fail with Quartz's "schema validation failed"); the first `migrate` logs no failures.
/// </summary>
public sealed class ServerStoreStartupTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("platformbot-server-start-");

    public void Dispose() => _work.Delete(recursive: true);

    private Task<Support.Cli.Result> Run(string connectionString, params string[] args) =>
        Support.Cli.RunInAsync(_work.FullName, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__PlatformBot"] = connectionString,
        }, args);

    [PostgresClusterFact]
    public async Task Serve_on_a_database_with_pending_migrations_says_run_migrate_and_the_first_migrate_logs_no_failure()
    {
        // A database not yet created, as an operator's first `migrate` finds it (migrate creates it).
        var admin = Environment.GetEnvironmentVariable(PostgresClusterFactAttribute.Variable)!;
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = "pb_start_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        try
        {
            var serve = await Run(cs, "serve", "--urls", "http://127.0.0.1:0");
            Assert.True(serve.ExitCode == 2, $"exit {serve.ExitCode}: {serve.Stderr}");
            Assert.StartsWith("error: The Postgres database has ", serve.Stderr, StringComparison.Ordinal);
            Assert.Contains("Run `platformbot migrate`", serve.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("schema validation", serve.Stderr + serve.Stdout, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("fail:", serve.Stderr + serve.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);

            var migrate = await Run(cs, "migrate");
            Assert.True(migrate.ExitCode == 0, migrate.Stderr);
            Assert.DoesNotContain("fail:", migrate.Stderr + migrate.Stdout, StringComparison.Ordinal);
            Assert.Contains("Applied ", migrate.Stdout, StringComparison.Ordinal);

            var again = await Run(cs, "migrate");
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Contains("is up to date", again.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await PostgresTestDatabase.DropAsync(cs);
        }
    }

    [PostgresClusterFact]
    public async Task Serve_on_an_unreachable_server_says_cannot_connect_naming_the_host()
    {
        var serve = await Run("Host=127.0.0.1;Port=1;Database=platformbot;Username=nobody;Password=x;Timeout=3", "serve", "--urls", "http://127.0.0.1:0");

        Assert.True(serve.ExitCode == 2, $"exit {serve.ExitCode}: {serve.Stderr}");
        Assert.StartsWith("error: cannot connect to 127.0.0.1:1: ", serve.Stderr, StringComparison.Ordinal);
        Assert.Single(serve.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("schema validation", serve.Stderr + serve.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fail:", serve.Stderr + serve.Stdout, StringComparison.Ordinal);
    }
}
