using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>
/// A <c>mention</c> entity. Activities keep entities as raw JSON (clientInfo and future entity types survive
/// untouched); this is the typed view of the mention ones.
/// </summary>
public sealed class Mention
{
    public const string EntityType = "mention";

    public string Type { get; set; } = EntityType;

    public ChannelAccount? Mentioned { get; set; }

    /// <summary>The exact markup in the activity text, e.g. "&lt;at&gt;Ada&lt;/at&gt;". Teams ignores a mention whose text is not in the message.</summary>
    public string? Text { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A mention of <paramref name="account"/> whose markup is "&lt;at&gt;{name}&lt;/at&gt;"; put <see cref="Text"/> into the message text too.</summary>
    public static Mention Of(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Mention
        {
            Mentioned = new ChannelAccount { Id = account.Id, Name = account.Name },
            Text = $"<at>{account.Name}</at>",
        };
    }

    public JsonElement ToEntity() => JsonSerializer.SerializeToElement(this, TeamsJson.Options);
}
