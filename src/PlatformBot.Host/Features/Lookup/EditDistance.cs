using System.Buffers;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>How far a typed name may be from an account's name: the typo tolerance of lookups.</summary>
internal static class EditDistance
{
    /// <summary>Edits allowed for a query (or word) of this length: 1 up to 5 characters, then 2 (more is noise, not a typo).</summary>
    public static int MaxFor(int length) => length <= 5 ? 1 : 2;

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), or d + 1 once it must exceed d.</summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int d)
    {
        if (Math.Abs(a.Length - b.Length) > d)
        {
            return d + 1;
        }

        var width = b.Length + 1;
        int[]? rented = null;
        var rows = width <= 256 ? stackalloc int[3 * width] : (rented = ArrayPool<int>.Shared.Rent(3 * width)).AsSpan(0, 3 * width);
        try
        {
            var before = rows[..width];
            var previous = rows.Slice(width, width);
            var current = rows.Slice(2 * width, width);
            var infinity = d + 1;
            before.Fill(infinity);
            previous.Fill(infinity);
            for (var j = 0; j <= Math.Min(d, b.Length); j++)
            {
                previous[j] = j;
            }

            // Only the diagonal band |i - j| <= d can hold a value <= d; everything outside counts as "too far".
            for (var i = 1; i <= a.Length; i++)
            {
                current.Fill(infinity);
                current[0] = i <= d ? i : infinity;
                var rowMin = current[0];
                var hi = Math.Min(b.Length, i + d);
                for (var j = Math.Max(1, i - d); j <= hi; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, before[j - 2] + 1);
                    }

                    current[j] = Math.Min(value, infinity);
                    rowMin = Math.Min(rowMin, current[j]);
                }

                if (rowMin > d)
                {
                    return infinity;
                }

                var recycled = before;
                before = previous;
                previous = current;
                current = recycled;
            }

            return Math.Min(previous[b.Length], infinity);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }
}
