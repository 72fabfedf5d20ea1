namespace PlatformBot.Data.Storage;

/// <summary>Rows queued for a writer. <see cref="Add"/> copies the values: the caller reuses its array for the next row.</summary>
internal abstract class BulkBatch
{
    public int Count { get; protected set; }

    public abstract void Add(object?[] values);

    public virtual void Clear() => Count = 0;
}
