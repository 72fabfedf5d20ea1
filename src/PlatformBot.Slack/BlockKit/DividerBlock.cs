using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

public sealed record DividerBlock : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "divider";
}
