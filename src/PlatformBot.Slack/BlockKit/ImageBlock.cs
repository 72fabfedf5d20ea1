using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A full-width image from a public URL (≤ 3000 chars); alt text is required (≤ 2000).</summary>
public sealed record ImageBlock(string ImageUrl, string AltText) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "image";

    public PlainText? Title { get; init; }
}
