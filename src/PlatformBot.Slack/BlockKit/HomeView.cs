using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>An App Home tab view for views.publish (≤ 100 blocks).</summary>
public sealed record HomeView(IReadOnlyList<Block> Blocks)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "home";

    /// <summary>≤ 3000 chars, returned to the app with interactions from this view.</summary>
    public string? PrivateMetadata { get; init; }

    public string? CallbackId { get; init; }

    public string? ExternalId { get; init; }
}
