using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

public enum TextWeight
{
    Default,
    Lighter,
    Bolder,
}
