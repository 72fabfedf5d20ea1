using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Audit;

public sealed class AuditLogTests
{
    [Fact]
    public async Task Concurrent_records_are_each_committed_by_the_time_their_call_completes()
    {
        using var factory = new PlatformBotFactory();
        var audit = factory.Services.GetRequiredService<AuditLog>();
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            audit.RecordAsync($"slack:T1/U{i:000}", "slack", "lookup", $"A-{i}", "query: acme", CancellationToken.None))));

        await using var db = await contexts.CreateDbContextAsync();
        var subjects = await db.AuditEntries.Select(a => a.Subject).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"A-{i}").Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_still_gets_its_row_written()
    {
        using var factory = new PlatformBotFactory();
        var audit = factory.Services.GetRequiredService<AuditLog>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => audit.RecordAsync("cli:kim", "cli", "lookup", "A-7", null, cancelled.Token));
        await audit.RecordAsync("cli:kim", "cli", "lookup", "A-8", null, CancellationToken.None);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        Assert.Equal(["A-7", "A-8"], (await db.AuditEntries.Select(a => a.Subject).ToListAsync()).Order(StringComparer.Ordinal));
    }
}
