using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Audit;

/// <summary>Who did what from which surface. Every lookup and import writes one row and one log line; never ARR.</summary>
public sealed class AuditLog(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    TimeProvider time,
    ILogger<AuditLog> logger)
{
    public async Task RecordAsync(string actor, string surface, string action, string? subject, string? detail, CancellationToken cancellationToken)
    {
        logger.LogInformation("audit: {Actor} via {Surface} {Action} {Subject} {Detail}", actor, surface, action, subject, detail);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = Truncate(actor, Limits.Name),
            Surface = Truncate(surface, Limits.Label),
            Action = Truncate(action, Limits.Label),
            Subject = subject is null ? null : Truncate(subject, Limits.Name),
            Detail = detail is null ? null : Truncate(detail, Limits.Detail),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddSingleton<AuditLog>();
}
