using System.Threading.Channels;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Slack wants an answer within 3 s, so endpoints enqueue here and return. The work runs on the app's stopping
/// token in a fresh scope, never on the request's token (which is cancelled as soon as the response is sent).
/// </summary>
public sealed class SlackBacklog
{
    /// <summary>How much work may wait; past it a request is answered "try again" (and /readyz says this node is full).</summary>
    public const int Capacity = 1_000;

    private readonly Channel<SlackWork> _channel = Channel.CreateBounded<SlackWork>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    public ChannelReader<SlackWork> Reader => _channel.Reader;

    /// <summary>Work waiting for a worker now.</summary>
    public int Waiting => _channel.Reader.Count;

    /// <summary>False when the queue is full (the caller tells the user to try again).</summary>
    public bool TryEnqueue(SlackWork work) => _channel.Writer.TryWrite(work);
}
