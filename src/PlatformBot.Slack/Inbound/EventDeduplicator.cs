using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

/// <summary>
/// Remembers recently seen event_ids so Slack's redeliveries (up to 3, over about 5 minutes) are processed once.
/// In memory, bounded in time and count, thread-safe. One process only: a scaled-out host needs a shared store,
/// and after a restart a redelivery may be processed again, so event handlers should still be cheap to repeat.
/// </summary>
public sealed class EventDeduplicator
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal); // event id -> registration number
    private readonly Queue<Registration> _order = new();
    private long _registrations;

    public EventDeduplicator(TimeProvider timeProvider, TimeSpan window, int capacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _timeProvider = timeProvider;
        _window = window;
        _capacity = capacity;
    }

    public EventDeduplicator(IOptions<SlackOptions> options, TimeProvider timeProvider)
        : this(timeProvider, options?.Value.EventDeduplicationWindow ?? throw new ArgumentNullException(nameof(options)), options.Value.EventDeduplicationCapacity)
    {
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>
    /// True the first time an event id is seen within the window (process it); false for a repeat (acknowledge and skip).
    /// </summary>
    public bool TryRegister(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var now = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            Expire(now);
            if (_seen.ContainsKey(eventId))
            {
                return false;
            }

            while (_seen.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                // Under a flood the oldest ids go first; a late retry of one of them would then be processed twice,
                // which is the price of a bounded memory.
                Forget(oldest);
            }

            var number = ++_registrations;
            _seen[eventId] = number;
            _order.Enqueue(new Registration(eventId, number, now));
            return true;
        }
    }

    /// <summary>Forgets an id, e.g. when processing failed and Slack's retry should be allowed through.</summary>
    public void Remove(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        lock (_gate)
        {
            // The queue entry stays and is skipped when it expires (Forget checks the registration number).
            _seen.Remove(eventId);
        }
    }

    private void Expire(long now)
    {
        while (_order.TryPeek(out var oldest)
            && _timeProvider.GetElapsedTime(oldest.SeenAt, now) >= _window)
        {
            _order.Dequeue();
            Forget(oldest);
        }
    }

    private void Forget(Registration entry)
    {
        // Only remove when the dictionary still holds this registration, not a later one of the same id.
        if (_seen.TryGetValue(entry.EventId, out var number) && number == entry.Number)
        {
            _seen.Remove(entry.EventId);
        }
    }

    private readonly record struct Registration(string EventId, long Number, long SeenAt);
}
