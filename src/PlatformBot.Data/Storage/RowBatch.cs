namespace PlatformBot.Data.Storage;

/// <summary>The general batch: copies of the rows as objects (a <see cref="BulkText"/> becomes its string).</summary>
internal sealed class RowBatch(int capacity) : BulkBatch
{
    private readonly object?[][] _rows = new object?[capacity][];

    public object?[] this[int index] => _rows[index];

    public override void Add(object?[] values)
    {
        var row = (object?[])values.Clone();
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is BulkText text)
            {
                row[i] = text.ToString();
            }
        }

        _rows[Count++] = row;
    }

    public override void Clear()
    {
        Array.Clear(_rows, 0, Count);
        base.Clear();
    }
}
