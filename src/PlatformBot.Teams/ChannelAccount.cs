using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>A user or bot: Teams ids are "29:…" (user, specific to our bot) and "28:&lt;appId&gt;" (bot).</summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>Stable Entra object id; key user identity on this (plus tenant), not on <see cref="Id"/>.</summary>
    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}
