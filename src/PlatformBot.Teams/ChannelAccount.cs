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

    /// <summary>
    /// The member's e-mail as the connector's member lookup gives it (<c>email</c>, else <c>userPrincipalName</c>);
    /// null on an activity's <c>from</c>, which carries neither.
    /// </summary>
    [JsonIgnore]
    public string? Email =>
        Properties is null ? null
        : Properties.TryGetValue("email", out var email) && email.ValueKind == JsonValueKind.String && email.GetString() is { Length: > 0 } e ? e
        : Properties.TryGetValue("userPrincipalName", out var upn) && upn.ValueKind == JsonValueKind.String ? upn.GetString()
        : null;

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}
