using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Keeps posts to one channel at least Digests:PostSpacing apart across every digest this process sends (Slack allows
/// about one message per second per channel). Several subscriptions of one channel fire at the same 09:00; pacing
/// inside one send alone would let them burst. Other nodes are not coordinated: Slack's 429 and Retry-After cover that.
/// </summary>
public sealed class ChannelPacer(IOptions<DigestOptions> options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Waits until this channel may receive the next message, and books the slot.</summary>
    public async Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        var spacing = options.Value.PostSpacing;
        if (spacing <= TimeSpan.Zero)
        {
            return;
        }

        var lane = _lanes.GetOrAdd(channel, _ => new Lane());
        await lane.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = lane.Next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            lane.Next = time.GetUtcNow() + spacing;
        }
        finally
        {
            lane.Gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var lane in _lanes.Values)
        {
            lane.Dispose();
        }
    }

    private sealed class Lane : IDisposable
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset Next { get; set; } = DateTimeOffset.MinValue;

        public void Dispose() => Gate.Dispose();
    }
}
