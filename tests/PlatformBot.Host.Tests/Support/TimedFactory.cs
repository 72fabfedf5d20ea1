using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Tests.Support;

/// <summary>The real host on a fresh SQLite store (or a given server store), with its clock replaced when a test is about time.</summary>
public sealed class TimedFactory : PlatformBotFactory
{
    private TimeProvider? _time;

    public new TimedFactory With(string key, string? value)
    {
        base.With(key, value);
        return this;
    }

    public TimedFactory WithTime(TimeProvider time)
    {
        _time = time;
        return this;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<PlatformBotDbContext> DbAsync()
    {
        await Get<StoreInitializer>().EnsureReadyAsync(CancellationToken.None);
        return await Get<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_time is { } time)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(time));
        }
    }
}
