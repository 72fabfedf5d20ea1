using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>Interactive elements, ≤ 25.</summary>
public sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "actions";
}
