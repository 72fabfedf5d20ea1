using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

/// <summary>An option of a select or overflow menu. Text ≤ 75 chars, value ≤ 150 chars.</summary>
public sealed record SlackOption(PlainText Text, string Value)
{
    public PlainText? Description { get; init; }

    public static SlackOption Create(string text, string value) => new(new PlainText(text), value);
}

/// <summary>A labelled group of options in a select menu.</summary>
public sealed record SlackOptionGroup(PlainText Label, IReadOnlyList<SlackOption> Options);

/// <summary>The "are you sure?" dialog a button or menu can show before it fires.</summary>
public sealed record ConfirmationDialog(PlainText Title, TextObject Text, PlainText Confirm, PlainText Deny)
{
    public ButtonStyle? Style { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ButtonStyle>))]
public enum ButtonStyle
{
    [JsonStringEnumMemberName("primary")]
    Primary,

    [JsonStringEnumMemberName("danger")]
    Danger,
}
