using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Teams.Tests.TestSupport;

/// <summary>
/// A fixed clock whose timers fire at once while recording what was asked for, so retry back-offs can be asserted
/// without the test waiting for them.
/// </summary>
public sealed class ImmediateTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly FakeTimeProvider _clock = new(now);
    private readonly List<TimeSpan> _delays = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _delays.Add(dueTime);
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new NoopTimer();
    }

    private sealed class NoopTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
