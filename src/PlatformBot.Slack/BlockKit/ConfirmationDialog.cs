namespace PlatformBot.Slack;

/// <summary>The "are you sure?" dialog a button or menu can show before it fires.</summary>
public sealed record ConfirmationDialog(PlainText Title, TextObject Text, PlainText Confirm, PlainText Deny)
{
    public ButtonStyle? Style { get; init; }
}
