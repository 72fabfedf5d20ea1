using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Slack.Tests;

internal static class FakeTime
{
    /// <summary>
    /// Advances fake time in small steps until the task completes, so code waiting on TimeProvider delays runs
    /// without real waiting. Returns how much fake time had to pass.
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilCompleteAsync(Task task, FakeTimeProvider time, TimeSpan? step = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(100);
        var start = time.GetUtcNow();
        using CancellationTokenSource guard = new(TimeSpan.FromSeconds(30));
        while (!task.IsCompleted)
        {
            guard.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, CancellationToken.None);
            time.Advance(increment);
        }

        await task;
        return time.GetUtcNow() - start;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using CancellationTokenSource guard = new(timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }
}
