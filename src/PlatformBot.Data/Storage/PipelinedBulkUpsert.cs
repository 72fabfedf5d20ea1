using System.Threading.Channels;

namespace PlatformBot.Data.Storage;

/// <summary>
/// Runs the database writes on their own task so parsing and validating the next rows (the caller) overlaps
/// with writing the previous ones: on two cores this takes most of the parse time off the clock. Rows are copied
/// into batches the writer provides (<see cref="BulkUpsert.NewBatch"/>) and written batches come back to be
/// filled again, so memory stays flat however long the file is and a steady import allocates no batches.
/// </summary>
internal sealed class PipelinedBulkUpsert : BulkUpsert
{
    private const int BatchRows = 2048;
    private const int InFlight = 4;
    private readonly BulkUpsert _inner;
    private readonly Channel<BulkBatch> _full = Channel.CreateBounded<BulkBatch>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
    private readonly Channel<BulkBatch> _empty = Channel.CreateUnbounded<BulkBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _consumer;
    private BulkBatch _batch;

    public PipelinedBulkUpsert(BulkUpsert inner) : base(inner.Table)
    {
        _inner = inner;
        _batch = inner.NewBatch(BatchRows);
        _consumer = Task.Run(ConsumeAsync);
    }

    private async Task ConsumeAsync()
    {
        await foreach (var batch in _full.Reader.ReadAllAsync())
        {
            await _inner.WriteBatchAsync(batch, CancellationToken.None);
            batch.Clear();
            _empty.Writer.TryWrite(batch);
        }
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        _batch.Add(values);
        Rows++;
        if (_batch.Count == BatchRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        if (_consumer.IsFaulted)
        {
            await _consumer;
        }

        await _full.Writer.WriteAsync(_batch, cancellationToken);
        _batch = _empty.Reader.TryRead(out var reused) ? reused : _inner.NewBatch(BatchRows);
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        _full.Writer.TryComplete();
        await _consumer;
        await _inner.CompleteAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _full.Writer.TryComplete();
        try
        {
            await _consumer;
        }
        catch (Exception)
        {
            // The failure already surfaced through WriteAsync/CompleteAsync; disposal must not mask it.
        }

        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
