namespace PlatformBot.Slack;

/// <summary>views.publish result: keep Hash for the next publish (optimistic concurrency).</summary>
public sealed record PublishedView(string Id, string? Hash);
