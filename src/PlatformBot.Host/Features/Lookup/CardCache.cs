using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// The data behind an account's card (its live score as of a business day and its stored history), reused for a
/// short time. Only what is computed is cached: every lookup is still audited, and ARR visibility is decided per
/// viewer when the card is built.
/// </summary>
public sealed class CardCache(StoreChanges changes, TimeProvider time, IOptions<LookupOptions> options)
{
    private sealed record Entry(DateOnly Day, long Version, DateTimeOffset At, AccountScore Score, IReadOnlyList<StoredScore> History);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string accountId, DateOnly day, out AccountScore score, out IReadOnlyList<StoredScore> history)
    {
        var maxAge = options.Value.CardCacheFor;
        if (maxAge > TimeSpan.Zero && _entries.TryGetValue(accountId, out var entry)
            && entry.Day == day && entry.Version == changes.Version && time.GetUtcNow() - entry.At < maxAge)
        {
            score = entry.Score;
            history = entry.History;
            return true;
        }

        score = null!;
        history = [];
        return false;
    }

    /// <param name="version">The store version read before the data was loaded, so a write during the load is not hidden.</param>
    public void Set(string accountId, DateOnly day, long version, AccountScore score, IReadOnlyList<StoredScore> history)
    {
        if (options.Value.CardCacheFor <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= options.Value.CardCacheEntries)
        {
            _entries.Clear();
        }

        _entries[accountId] = new Entry(day, version, time.GetUtcNow(), score, history);
    }
}
