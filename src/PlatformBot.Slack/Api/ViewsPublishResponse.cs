namespace PlatformBot.Slack;

internal sealed record ViewsPublishResponse(ViewsPublishResponse.ViewInfo View)
{
    internal sealed record ViewInfo(string Id, string? Hash);
}
