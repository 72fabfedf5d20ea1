namespace PlatformBot.Host.Features.Preview;

/// <summary>A command typed into the preview, as `/adoption &lt;text&gt;`.</summary>
public sealed record PreviewCommandRequest(string? Text);
