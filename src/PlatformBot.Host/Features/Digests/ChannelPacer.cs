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

    /// <summary>
    /// Runs <paramref name="post"/> when this channel may receive the next message, one post per channel at a time, and
    /// books the next slot Digests:PostSpacing after the post <em>ended</em>. A post may wait inside (the adapter honours
    /// a 429's Retry-After, a connector retries): spacing counted from its start would be used up by that wait and let
    /// the next message follow at once, so the spacing is kept after every kind of wait.
    /// </summary>
    public async Task<T> PaceAsync<T>(string channel, Func<Task<T>> post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        var spacing = options.Value.PostSpacing;
        if (spacing <= TimeSpan.Zero)
        {
            return await post();
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

            try
            {
                return await post();
            }
            finally
            {
                lane.Next = time.GetUtcNow() + spacing;
            }
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
