using System.Diagnostics;

namespace PlatformBot.Host.Features.Slack;

/// <summary>One piece of slow Slack work (a lookup, a Home view), run after the request was acknowledged.</summary>
public sealed record SlackWork(string Description, Func<IServiceProvider, CancellationToken, Task> RunAsync)
{
    /// <summary>The trace of the request that queued the work (none when nothing traces), so its span continues it.</summary>
    public ActivityContext Parent { get; init; } = Activity.Current?.Context ?? default;
}
