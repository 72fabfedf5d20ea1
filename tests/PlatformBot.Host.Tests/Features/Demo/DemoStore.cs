using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformBot.Data;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Tests.Features.Demo;

/// <summary>A real SQLite store in a temp folder with the real registrations the seeder runs on.</summary>
public sealed class DemoStore : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("platformbot-demo-test-");
    private readonly ServiceProvider _services;

    public DemoStore(ScoringModel? model = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _directory.FullName })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddPlatformBotData(configuration);
        services.AddSingleton(model ?? ScoringModel.Default);
        services.AddDemo(); // registers CsvImporter (TryAdd) and DemoSeeder
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public DemoSeeder Seeder => _services.GetRequiredService<DemoSeeder>();

    public ScoringModel Model => _services.GetRequiredService<ScoringModel>();

    public Task<PlatformBotDbContext> ContextAsync() =>
        _services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a pooled handle may outlive the provider for a moment; the temp folder is harmless
        }
    }
}

/// <summary>Collects progress lines inline (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
public sealed class ProgressLines : IProgress<string>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Report(string value)
    {
        lock (_lines)
        {
            _lines.Add(value);
        }
    }
}
