using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Hands a command's reply to whoever can deliver it first: the waiting HTTP response (inline) or, once that has
/// given up, the background work (response_url). Exactly one of them delivers: the first to flip the state wins.
/// </summary>
internal sealed class InlineReply
{
    private const int Pending = 0;
    private const int Inline = 1;
    private const int Late = 2;

    private readonly TaskCompletionSource<SlackMessage> _message = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>The background work's side: true when the HTTP response will carry the message, false = post it to response_url.</summary>
    public bool TryHandOver(SlackMessage message)
    {
        if (Interlocked.CompareExchange(ref _state, Inline, Pending) != Pending)
        {
            return false;
        }

        _message.SetResult(message);
        return true;
    }

    /// <summary>The endpoint's side: the message when it was ready within <paramref name="timeout"/>, else null (the work posts it later).</summary>
    public async Task<SlackMessage?> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout > TimeSpan.Zero)
        {
            try
            {
                return await _message.Task.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // not ready in time: acknowledge, the work delivers through response_url
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // the caller went away: let the work use response_url
            }
        }

        if (Interlocked.CompareExchange(ref _state, Late, Pending) == Pending)
        {
            return null;
        }

        // Handed over between the timeout and here: the result is being set right now.
        return await _message.Task;
    }
}
