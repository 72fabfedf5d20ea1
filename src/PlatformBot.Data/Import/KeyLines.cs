namespace PlatformBot.Data.Import;

/// <summary>
/// The line on which each key of a file was first seen, for refusing a key the file repeats. One entry per usage row, so
/// it is built for a million of them: open addressing over two arrays of plain numbers (a key is never 0), 16 bytes a
/// slot at most 75 % full, nothing for the garbage collector to trace and no allocation but growing. A dictionary of
/// (instance, date) keys measured 80-90 MB more peak memory and about a quarter more CPU on the million-row benchmark
/// (its entries hold references, written into a large array row after row, which every collection then scans); this
/// set costs about 50 MB there and 0.15 CPU-seconds for the million inserts.
/// </summary>
internal sealed class KeyLines
{
    private long[] _keys = new long[1 << 12];
    private long[] _lines = new long[1 << 12];
    private int _shift = 64 - 12;
    private int _count;

    /// <summary>Adds a key seen on a line; false, with the line it was first seen on, when the file had it already.</summary>
    public bool TryAdd(long key, long line, out long firstLine)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key);
        if (_count >= _keys.Length / 4 * 3)
        {
            Grow();
        }

        var mask = _keys.Length - 1;
        for (var i = Slot(key); ; i = (i + 1) & mask)
        {
            var slot = _keys[i];
            if (slot == key)
            {
                firstLine = _lines[i];
                return false;
            }

            if (slot == 0)
            {
                _keys[i] = key;
                _lines[i] = line;
                _count++;
                firstLine = 0;
                return true;
            }
        }
    }

    /// <summary>Fibonacci hashing: the high bits of the key times 2^64/phi spread keys that differ only in low bits.</summary>
    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var (keys, lines) = (_keys, _lines);
        _keys = new long[keys.Length * 2];
        _lines = new long[keys.Length * 2];
        _shift--;
        var mask = _keys.Length - 1;
        for (var j = 0; j < keys.Length; j++)
        {
            if (keys[j] == 0)
            {
                continue;
            }

            var i = Slot(keys[j]);
            while (_keys[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _keys[i] = keys[j];
            _lines[i] = lines[j];
        }
    }
}
