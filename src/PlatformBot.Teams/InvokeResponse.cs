using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>The synchronous HTTP answer to an invoke activity: status code plus optional JSON body.</summary>
public sealed record InvokeResponse(int Status, JsonNode? Body)
{
    /// <summary>What botbuilder answers when no handler took the invoke.</summary>
    public static InvokeResponse NotImplemented { get; } = new(501, null);
}
