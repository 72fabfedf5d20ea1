using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>The "⋯" menu (≤ 5 options).</summary>
public sealed record OverflowElement(string ActionId, IReadOnlyList<SlackOption> Options) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "overflow";

    public ConfirmationDialog? Confirm { get; init; }
}
