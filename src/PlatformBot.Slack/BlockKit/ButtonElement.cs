using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A button. Text ≤ 75, value ≤ 2000, url ≤ 3000, action_id ≤ 255 (unique within its block).</summary>
public sealed record ButtonElement(PlainText Text, string ActionId) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "button";

    public string? Value { get; init; }

    public string? Url { get; init; }

    public ButtonStyle? Style { get; init; }

    public ConfirmationDialog? Confirm { get; init; }

    public string? AccessibilityLabel { get; init; }
}
