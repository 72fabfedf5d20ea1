using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A select menu with options listed in the message (≤ 100 options).</summary>
public sealed record StaticSelectElement(string ActionId, PlainText Placeholder) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "static_select";

    public IReadOnlyList<SlackOption>? Options { get; init; }

    public IReadOnlyList<SlackOptionGroup>? OptionGroups { get; init; }

    public SlackOption? InitialOption { get; init; }

    public ConfirmationDialog? Confirm { get; init; }
}
