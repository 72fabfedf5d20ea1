using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Small grey text and images, ≤ 10 elements.</summary>
public sealed record ContextBlock(IReadOnlyList<IContextElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "context";
}
