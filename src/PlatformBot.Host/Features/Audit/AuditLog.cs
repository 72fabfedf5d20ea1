using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Audit;

/// <summary>
/// Who did what from which surface. Every lookup and import writes one row and one log line; never ARR.
/// <para>
/// Rows are written with group commit: <see cref="RecordAsync"/> completes once its row is committed, and rows recorded
/// while a commit is under way go together in the next transaction. One caller at a time sees one row per commit, as
/// before; 32 concurrent lookups share a few commits instead of queueing behind 32 (on SQLite each commit is a WAL
/// sync, the most expensive step of a lookup at load - see docs/performance.md).
/// </para>
/// </summary>
public sealed class AuditLog(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    TimeProvider time,
    ILogger<AuditLog> logger) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _startGate = new();
    private Task? _writer;

    public Task RecordAsync(string actor, string surface, string action, string? subject, string? detail, CancellationToken cancellationToken)
    {
        var entry = Entry(actor, surface, action, subject, detail);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((entry, committed)))
        {
            throw new ObjectDisposedException(nameof(AuditLog), "The audit log is shut down; nothing can be recorded.");
        }

        EnsureWriter();

        // The caller may stop waiting; the row is written all the same (the attempt is what the log is for).
        return committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The one way an entry is made (and logged): <see cref="RecordAsync"/> queues it; a change that must never be
    /// committed unaudited (a purge) saves it in its own transaction.
    /// </summary>
    public AuditEntry Entry(string actor, string surface, string action, string? subject, string? detail)
    {
        logger.LogInformation("audit: {Actor} via {Surface} {Action} {Subject} {Detail}", actor, surface, action, subject, detail);
        return new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = Truncate(actor, Limits.Name),
            Surface = Truncate(surface, Limits.Label),
            Action = Truncate(action, Limits.Label),
            Subject = subject is null ? null : Truncate(subject, Limits.Name),
            Detail = detail is null ? null : Truncate(detail, Limits.Detail),
        };
    }

    private void EnsureWriter()
    {
        if (_writer is not null)
        {
            return;
        }

        lock (_startGate)
        {
            // The writer serves every caller from now on: it must not inherit the first caller's context (its trace
            // would otherwise parent every later batch's store commands).
            using (ExecutionContext.SuppressFlow())
            {
                _writer ??= Task.Run(WriteLoopAsync);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Committed)>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                // Not the callers' tokens: one caller giving up must not cancel the others' rows.
                await initializer.EnsureReadyAsync(CancellationToken.None);
                await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                db.AuditEntries.AddRange(batch.Select(b => b.Entry));
                await db.SaveChangesAsync(CancellationToken.None);
                foreach (var (_, committed) in batch)
                {
                    committed.TrySetResult();
                }
            }
#pragma warning disable CA1031 // the failure goes to every caller of the batch; the writer must keep serving the next ones
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var (_, committed) in batch)
                {
                    committed.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Writes what is pending, then stops (host shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        Task? writer;
        lock (_startGate)
        {
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
