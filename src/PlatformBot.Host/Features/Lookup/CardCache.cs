using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

public sealed class LookupOptions
{
    public const string Section = "Lookup";

    /// <summary>
    /// How long an account's live score and history are reused for its next cards (a Share click, a colleague asking
    /// the same). An import or a scoring run in this process drops them at once; the age bounds how long a write by
    /// another process (the CLI, another node) can go unseen. Zero turns the cache off.
    /// </summary>
    public TimeSpan CardCacheFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many accounts are kept; past it the cache starts over (memory stays bounded).</summary>
    public int CardCacheEntries { get; set; } = 20_000;

    /// <summary>
    /// Load the account directory as soon as the host serves, so the first person to ask after a restart does not wait
    /// for it (about 2 s at 100,000 accounts). Off: the first lookup loads it.
    /// </summary>
    public bool LoadDirectoryOnStart { get; set; } = true;
}

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
