namespace PlatformBot.Host.Features.Digests;

/// <summary>Asks the scheduler to re-read subscriptions now (after an add or remove in this process).</summary>
public sealed class DigestScheduleSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void RequestSync()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // a sync is already requested
        }
    }

    /// <summary>Waits for a request or the timeout (measured on the injected clock), whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _signal.WaitAsync(both.Token);
        var elapsed = Task.Delay(timeout, time, both.Token);
        await Task.WhenAny(signalled, elapsed);
        await both.CancelAsync();
        foreach (var task in new[] { signalled, elapsed })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // the loser of the race
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _signal.Dispose();
}
