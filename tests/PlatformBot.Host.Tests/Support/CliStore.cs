using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Tests.Support;

/// <summary>SQLite always; PostgreSQL when PLATFORMBOT_TEST_POSTGRES is set, or on CI (where its absence must fail).</summary>
public static class StoreProviders
{
    public static TheoryData<StorageProvider> All()
    {
        var data = new TheoryData<StorageProvider> { StorageProvider.Sqlite };
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PLATFORMBOT_TEST_POSTGRES"))
            || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            data.Add(StorageProvider.Postgres);
        }

        return data;
    }
}

/// <summary>
/// A store the built `platformbot` executable runs against, as an operator would: a SQLite file in a temp folder, or a
/// fresh PostgreSQL database that `platformbot migrate` brings to the current schema. <see cref="Db"/> reads it directly.
/// </summary>
public sealed class CliStore : IAsyncDisposable
{
    private readonly DirectoryInfo _work;
    private readonly Dictionary<string, string> _environment;

    private CliStore(StorageProvider provider, DirectoryInfo work, string connectionString, Dictionary<string, string> environment)
    {
        Provider = provider;
        _work = work;
        ConnectionString = connectionString;
        _environment = environment;
    }

    public StorageProvider Provider { get; }

    /// <summary>Storage:DataDirectory of the verbs run here (where a SQLite store's file is), for a host on the same store.</summary>
    public string DataDirectory => Path.Combine(_work.FullName, "store");

    /// <summary>The settings a host (WebApplicationFactory) needs to serve this same store.</summary>
    public IEnumerable<(string Key, string Value)> HostSettings =>
        Provider == StorageProvider.Sqlite
            ? [("Storage:DataDirectory", DataDirectory)]
            : [("Storage:DataDirectory", DataDirectory), ("Storage:Provider", "Postgres"), ("ConnectionStrings:PlatformBot", ConnectionString)];

    public string ConnectionString { get; }

    public static async Task<CliStore> CreateAsync(StorageProvider provider)
    {
        var work = Directory.CreateTempSubdirectory("platformbot-cli-store-");
        if (provider == StorageProvider.Sqlite)
        {
            var file = Path.Combine(work.FullName, "store", "platformbot.db");
            return new CliStore(provider, work, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), []);
        }

        var cs = await PostgresTestDatabase.CreateAsync("pb_cli_");
        var store = new CliStore(provider, work, cs, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__PlatformBot"] = cs,
        });
        var migrate = await store.RunAsync("migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        return store;
    }

    public Task<Cli.Result> RunAsync(params string[] args) => Cli.RunAsync(DataDirectory, _environment, args);

    /// <summary>Runs a verb with more settings (environment variables such as Retention__UsageDays).</summary>
    public Task<Cli.Result> RunWithAsync(IReadOnlyDictionary<string, string> settings, params string[] args) =>
        Cli.RunAsync(DataDirectory, _environment.Concat(settings).ToDictionary(), args);

    /// <summary>Runs a verb that must succeed and returns its output.</summary>
    public async Task<Cli.Result> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"platformbot {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    /// <summary>A file in the test's folder, for `platformbot import`.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public PlatformBotDbContext Db() => new(new StoreConnection(Provider, ConnectionString, 600).CreateOptions());

    public async ValueTask DisposeAsync()
    {
        if (Provider == StorageProvider.Postgres)
        {
            await PostgresTestDatabase.DropAsync(ConnectionString);
        }

        SqliteConnection.ClearAllPools();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a handle may outlive the process for a moment; a temp folder is harmless
        }
    }
}
