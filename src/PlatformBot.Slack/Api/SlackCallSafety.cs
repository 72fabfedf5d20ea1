namespace PlatformBot.Slack;

/// <summary>Whether a call may be repeated when its outcome is unclear.</summary>
internal enum SlackCallSafety
{
    /// <summary>A read: repeating it changes nothing, so 5xx, timeouts and network failures are retried.</summary>
    Idempotent,

    /// <summary>A write (posting a message): only a 429, which Slack guarantees did nothing, is retried.</summary>
    NonIdempotent,
}
