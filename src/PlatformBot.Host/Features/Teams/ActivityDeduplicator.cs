using System.Collections.Concurrent;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Remembers recently seen activity ids (per conversation) so a redelivered activity is answered once. Bounded: entries
/// expire after <see cref="Retention"/> (by the injected clock) and the set never holds more than <see cref="Capacity"/>
/// ids — when full, the oldest are forgotten first. In memory: a restart forgets, which only risks one duplicate reply.
/// </summary>
public sealed class ActivityDeduplicator(TimeProvider timeProvider)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Lock _trimGate = new();

    /// <summary>True the first time a key is seen (within the retention window); false for a duplicate.</summary>
    public bool TryBegin(string conversationId, string activityId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(activityId);
        var now = timeProvider.GetUtcNow();
        var key = Key(conversationId, activityId);
        while (true)
        {
            if (_seen.TryAdd(key, now))
            {
                if (_seen.Count > Capacity)
                {
                    Trim(now);
                }

                return true;
            }

            if (!_seen.TryGetValue(key, out var seenAt))
            {
                continue;
            }

            if (now - seenAt < Retention)
            {
                return false;
            }

            // Expired: treat as new, but only one caller may win the replacement.
            if (_seen.TryUpdate(key, now, seenAt))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets a key whose processing failed, so the channel's retry is handled.</summary>
    public void Forget(string conversationId, string activityId) => _seen.TryRemove(Key(conversationId, activityId), out _);

    internal int Count => _seen.Count;

    private static string Key(string conversationId, string activityId) => conversationId + "\n" + activityId;

    private void Trim(DateTimeOffset now)
    {
        lock (_trimGate)
        {
            foreach (var (key, seenAt) in _seen)
            {
                if (now - seenAt >= Retention)
                {
                    _seen.TryRemove(key, out _);
                }
            }

            var excess = _seen.Count - Capacity;
            if (excess > 0)
            {
                foreach (var (key, _) in _seen.OrderBy(e => e.Value).Take(excess).ToList())
                {
                    _seen.TryRemove(key, out _);
                }
            }
        }
    }
}
