namespace PlatformBot.Host.Features.Slack;

/// <summary>One piece of slow Slack work (a lookup, a Home view), run after the request was acknowledged.</summary>
public sealed record SlackWork(string Description, Func<IServiceProvider, CancellationToken, Task> RunAsync);
