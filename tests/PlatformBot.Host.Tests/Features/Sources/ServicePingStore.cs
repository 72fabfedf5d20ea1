using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>Fixtures, the sample accounts and subscriptions, and what a payload left in the store.</summary>
internal static class ServicePingStore
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Sources", "Fixtures", name));

    public static async Task SeedSubscriptionsAsync(IServiceProvider services)
    {
        var imports = services.GetRequiredService<ImportService>();
        foreach (var (kind, csv) in new[] { (ImportKind.Accounts, SampleData.Accounts), (ImportKind.Subscriptions, SampleData.Subscriptions) })
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            Assert.True((await imports.ImportAsync(kind, stream, "test", "test", null, CancellationToken.None)).Succeeded);
        }
    }

    /// <summary>The stored usage rows, each as column -> cell text ("" = unknown).</summary>
    public static async Task<List<(UsageRow Row, Dictionary<string, string> Values)>> UsageAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var columns = await db.MetricColumns.ToDictionaryAsync(c => c.Ordinal, c => c.Name);
        var rows = await db.UsageRows.AsNoTracking().OrderBy(r => r.InstanceId).ToListAsync();
        return rows.Select(r =>
        {
            var cells = r.Metrics.Split(',');
            var values = columns.ToDictionary(c => c.Value, c => c.Key < cells.Length ? cells[c.Key] : string.Empty, StringComparer.Ordinal);
            return (r, values);
        }).ToList();
    }

    public static async Task<List<SourceRun>> RunsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        return await db.SourceRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }
}
