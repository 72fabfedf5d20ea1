using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A select menu whose options Slack loads from the app's options URL (a block_suggestion request).</summary>
public sealed record ExternalSelectElement(string ActionId, PlainText Placeholder) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "external_select";

    public SlackOption? InitialOption { get; init; }

    public int? MinQueryLength { get; init; }

    public ConfirmationDialog? Confirm { get; init; }
}
