namespace PlatformBot.Host.Features.Preview;

/// <summary>A button clicked in the preview: the Block Kit action id and value Slack would send back.</summary>
public sealed record PreviewActionRequest(string? ActionId, string? Value);
