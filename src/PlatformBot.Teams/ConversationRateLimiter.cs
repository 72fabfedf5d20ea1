using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

/// <summary>
/// Per-conversation pacing (two sliding windows, by default 7 per second and 60 per 30 seconds) so fan-out stays
/// below Teams' per-conversation limits instead of collecting 429s. Idle partitions are dropped by the partitioned
/// limiter, so memory follows the set of active conversations.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public ConversationRateLimiter(IOptions<TeamsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pacing = options.Value.Pacing;
        if (!pacing.Enabled)
        {
            return;
        }

        _limiter = PartitionedRateLimiter.CreateChained(
            Create(pacing.PermitsPerSecond, TimeSpan.FromSeconds(1), segments: 4, pacing.QueueLimit),
            Create(pacing.PermitsPer30Seconds, TimeSpan.FromSeconds(30), segments: 10, pacing.QueueLimit));
    }

    /// <summary>
    /// Waits for a permit for <paramref name="partitionKey"/>; throws <see cref="ConnectorException"/> (429) when the
    /// local queue is full, so a runaway caller fails fast instead of queuing without bound.
    /// </summary>
    public async ValueTask<IDisposable> AcquireAsync(string partitionKey, CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return NoLease.Instance;
        }

        var lease = await _limiter.AcquireAsync(partitionKey, 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ConnectorException(
                "Local pacing queue for the conversation is full; too many pending sends.",
                System.Net.HttpStatusCode.TooManyRequests,
                "LocalPacingQueueFull");
        }

        return lease;
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>Teams counts a channel's threads against the channel: pace on the id without ";messageid=…".</summary>
    internal static string PartitionKey(Uri serviceUrl, string conversationId)
    {
        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        var conversation = thread >= 0 ? conversationId[..thread] : conversationId;
        return serviceUrl.Host.ToUpperInvariant() + "|" + conversation;
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window, int segments, int queueLimit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            key,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                SegmentsPerWindow = segments,
                QueueLimit = queueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));

    private sealed class NoLease : IDisposable
    {
        public static NoLease Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
