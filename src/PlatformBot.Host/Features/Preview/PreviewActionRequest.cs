using System.Text.Json;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Preview;

/// <summary>A button clicked in the preview: the Block Kit action id and value Slack would send back.</summary>
public sealed record PreviewActionRequest(string? ActionId, string? Value);
