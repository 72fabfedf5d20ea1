using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>Host settings of the Slack commands (section <c>Slack</c>, beside the adapter's own settings).</summary>
public sealed class SlackCommandOptions
{
    public const string Section = "Slack";

    /// <summary>
    /// How long a slash command's HTTP response waits for the reply. Ready in time (the usual case: a lookup takes
    /// milliseconds), the reply is the response itself and nothing goes to response_url; otherwise Slack gets an empty
    /// acknowledgement and the reply follows through response_url when it is ready. 0 = always response_url. Slack
    /// gives 3 s in all; at most 2.5 s so the acknowledgement is never late.
    /// </summary>
    public TimeSpan InlineAnswerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Queued Slack work items run at once (lookups, Home views, shares).</summary>
    public int Workers { get; set; } = 8;

    internal IEnumerable<string> Validate()
    {
        if (InlineAnswerTimeout < TimeSpan.Zero || InlineAnswerTimeout > TimeSpan.FromSeconds(2.5))
        {
            yield return "Slack:InlineAnswerTimeout must be between 00:00:00 and 00:00:02.5 (Slack waits 3 s for the acknowledgement).";
        }

        if (Workers is < 1 or > 64)
        {
            yield return "Slack:Workers must be 1..64.";
        }
    }
}

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
