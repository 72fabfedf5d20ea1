using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

public enum ContainerStyle
{
    Default,
    Emphasis,
    Good,
    Attention,
    Warning,
    Accent,
}
