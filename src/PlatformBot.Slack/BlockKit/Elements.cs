using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>A Block Kit element: what an actions block or a section accessory holds.</summary>
[JsonConverter(typeof(BlockKitTypeConverter<BlockElement>))]
public abstract record BlockElement
{
    /// <summary>Block Kit's "type" discriminator.</summary>
    public abstract string Type { get; }
}

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

/// <summary>A select menu whose options Slack loads from the app's options URL (a block_suggestion request).</summary>
public sealed record ExternalSelectElement(string ActionId, PlainText Placeholder) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "external_select";

    public SlackOption? InitialOption { get; init; }

    public int? MinQueryLength { get; init; }

    public ConfirmationDialog? Confirm { get; init; }
}

/// <summary>The "⋯" menu (≤ 5 options).</summary>
public sealed record OverflowElement(string ActionId, IReadOnlyList<SlackOption> Options) : BlockElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "overflow";

    public ConfirmationDialog? Confirm { get; init; }
}

/// <summary>A small image, usable as a section accessory or a context element. The URL must be public.</summary>
public sealed record ImageElement(string ImageUrl, string AltText) : BlockElement, IContextElement
{
    [JsonPropertyOrder(-1)]
    public override string Type => "image";
}
