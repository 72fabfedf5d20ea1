using System.Text.Json;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Preview;

/// <summary>A command typed into the preview, as `/adoption &lt;text&gt;`.</summary>
public sealed record PreviewCommandRequest(string? Text);
