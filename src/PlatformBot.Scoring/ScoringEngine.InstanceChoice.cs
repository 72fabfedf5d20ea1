using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PlatformBot.Scoring;

// Spec 4.1-4.2: which instance of a subscription is scored (the primary instance).
public sealed partial class ScoringEngine
{
    private static void SortById(IReadOnlyList<SubscriptionInput> input, Span<SubscriptionInput?> sorted)
    {
        // Insertion sort: one to three subscriptions is the norm, and it is stable for duplicate ids (decision: input order).
        for (var i = 0; i < sorted.Length; i++)
        {
            var item = input[i] ?? throw new ArgumentException("An account lists a null subscription.", nameof(input));
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(sorted[j]!.SubscriptionId, item.SubscriptionId) > 0)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = item;
        }
    }

    /// <summary>
    /// The subscription's primary instance row: among the instances whose latest row on or before the as-of date is
    /// fresh and of a scored type, the one with the most billable users (unknown below every known count), then the
    /// later snapshot, then the ordinally smaller instance id. An instance whose latest row is stale or of another
    /// type is out, even when an older row of it would qualify (its latest row is what it is now).
    /// </summary>
    private UsageSnapshot? PrimaryInstance(IReadOnlyList<UsageSnapshot> usage, DateOnly asOf)
    {
        // The store and the tests hand over lists and arrays; read those without an interface call per row.
        ReadOnlySpan<UsageSnapshot> rows = usage switch
        {
            UsageSnapshot[] array => array,
            List<UsageSnapshot> list => CollectionsMarshal.AsSpan(list),
            _ => [.. usage],
        };

        // The dates side by side first: the latest-row test below compares every pair of rows by date, and only
        // rows of a later (or the same) date by instance id.
        var newest = asOf.DayNumber;
        var oldest = newest - _stalenessDays; // exactly 60 days old is still fresh; 61 is stale
        var days = rows.Length <= 32 ? stackalloc int[32] : new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            days[i] = rows[i].SnapshotDate.DayNumber;
        }

        UsageSnapshot? best = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var day = days[i];
            if (day > newest || day < oldest)
            {
                continue;
            }

            // The values array is the costly touch (its own cache lines, a DRAM miss per row in a large batch), so the
            // instance history is settled first from dates and ids: only each instance's latest row reads its values.
            var row = rows[i];
            if (!IsScoredType(row.InstanceType) || !IsLatestOfInstance(rows, days, i, newest))
            {
                continue;
            }

            CheckWidth(row);
            if (best is null || Outranks(row, best))
            {
                best = row;
            }
        }

        return best;
    }

    /// <summary>True when no other row of the same instance on or before the as-of date is newer (same date: a later row in the list wins).</summary>
    private static bool IsLatestOfInstance(ReadOnlySpan<UsageSnapshot> rows, ReadOnlySpan<int> days, int index, int newestDay)
    {
        var row = rows[index];
        var day = days[index];
        for (var j = 0; j < rows.Length; j++)
        {
            var otherDay = days[j];
            if (j == index || otherDay > newestDay || otherDay < day || (otherDay == day && j < index))
            {
                continue;
            }

            if (SameInstance(rows[j], row))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameInstance(UsageSnapshot a, UsageSnapshot b) =>
        ReferenceEquals(a.InstanceId, b.InstanceId) || string.Equals(a.InstanceId, b.InstanceId, StringComparison.Ordinal);

    private void CheckWidth(UsageSnapshot row)
    {
        if (row.Values is null || row.Values.Length != _columnCount)
        {
            throw new ArgumentException(
                $"Usage row of instance '{row.InstanceId}' on {row.SnapshotDate:yyyy-MM-dd} has {row.Values?.Length ?? 0} values; scoring model {_model.Version} has {_columnCount} input columns.", nameof(row));
        }
    }

    /// <summary>True when no other row of the same instance on or before the as-of date is newer (same date: a later row in the list wins).</summary>
    private static bool IsLatestOfInstance(IReadOnlyList<UsageSnapshot> rows, int index, int newestDay)
    {
        var row = rows[index];
        var day = row.SnapshotDate.DayNumber;
        for (var j = 0; j < rows.Count; j++)
        {
            if (j == index)
            {
                continue;
            }

            var other = rows[j];
            var otherDay = other.SnapshotDate.DayNumber;
            if (otherDay > newestDay || otherDay < day || (otherDay == day && j < index))
            {
                continue;
            }

            if (SameInstance(other, row))
            {
                return false;
            }
        }

        return true;
    }

    private bool Outranks(UsageSnapshot candidate, UsageSnapshot best)
    {
        var a = _billable >= 0 ? candidate.Values[_billable] : null;
        var b = _billable >= 0 ? best.Values[_billable] : null;
        var aKnown = a.HasValue && !double.IsNaN(a.GetValueOrDefault());
        var bKnown = b.HasValue && !double.IsNaN(b.GetValueOrDefault());
        if (aKnown != bKnown)
        {
            return aKnown;
        }

        if (aKnown && a.GetValueOrDefault() != b.GetValueOrDefault())
        {
            return a.GetValueOrDefault() > b.GetValueOrDefault();
        }

        if (candidate.SnapshotDate != best.SnapshotDate)
        {
            return candidate.SnapshotDate > best.SnapshotDate;
        }

        return string.CompareOrdinal(candidate.InstanceId, best.InstanceId) < 0;
    }

    private bool IsScoredType(string? type)
    {
        foreach (var scored in _scoredTypes)
        {
            // Ordinal first: the usual case ("production" as stored) is an exact match and cheaper than ignoring case.
            if (string.Equals(scored, type, StringComparison.Ordinal) || string.Equals(scored, type, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only asked when no subscription has a primary instance: did the account report at all (so it is stale, not silent)?</summary>
    private bool HasScoredRows(ReadOnlySpan<SubscriptionInput?> subscriptions, DateOnly asOf)
    {
        var newest = asOf.DayNumber;
        foreach (var subscription in subscriptions)
        {
            var rows = subscription!.Usage;
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].SnapshotDate.DayNumber <= newest && IsScoredType(rows[i].InstanceType) && IsLatestOfInstance(rows, i, newest))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
