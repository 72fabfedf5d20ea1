using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>The account directory is loaded when the host starts, so the first lookup after a restart does not wait for it.</summary>
public sealed class DirectoryWarmupTests
{
    [Fact]
    public async Task A_started_host_loads_the_stored_accounts_before_anyone_asks()
    {
        var folder = Directory.CreateTempSubdirectory("platformbot-warmup-");
        try
        {
            // A first run of the host stores two accounts, as an import before a restart would.
            using (var before = new PlatformBotFactory().With("Storage:DataDirectory", folder.FullName).With("Lookup:LoadDirectoryOnStart", "false"))
            {
                using var csv = new MemoryStream(Encoding.UTF8.GetBytes("account_id,name\nA-1,Acme Corp\nA-2,Acme Labs\n"));
                var result = await before.Services.GetRequiredService<ImportService>().ImportAsync(ImportKind.Accounts, csv, "test", "cli", null, CancellationToken.None);
                Assert.True(result.Succeeded);
                Assert.Null(before.Services.GetRequiredService<AccountDirectory>().LoadedCount);
            }

            using var after = new PlatformBotFactory().With("Storage:DataDirectory", folder.FullName);
            var directory = after.Services.GetRequiredService<AccountDirectory>();
            Assert.Equal(2, await EventuallyAsync(() => directory.LoadedCount));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_the_warm_up_off_the_first_lookup_loads_the_directory()
    {
        using var factory = new PlatformBotFactory().With("Lookup:LoadDirectoryOnStart", "false");
        var directory = factory.Services.GetRequiredService<AccountDirectory>();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Null(directory.LoadedCount);

        await directory.ResolveAsync("acme", CancellationToken.None);
        Assert.Equal(0, directory.LoadedCount);
    }

    private static async Task<int?> EventuallyAsync(Func<int?> read)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (read() is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return read();
    }
}
