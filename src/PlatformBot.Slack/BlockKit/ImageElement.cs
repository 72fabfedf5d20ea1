using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A small image, usable as a section accessory or a context element. The URL must be public.</summary>
public sealed record ImageElement(string ImageUrl, string AltText) : BlockElement, IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "image";
}
