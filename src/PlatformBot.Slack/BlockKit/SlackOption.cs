namespace PlatformBot.Slack;

/// <summary>An option of a select or overflow menu. Text ≤ 75 chars, value ≤ 150 chars.</summary>
public sealed record SlackOption(PlainText Text, string Value)
{
    public PlainText? Description { get; init; }

    public static SlackOption Create(string text, string value) => new(new PlainText(text), value);
}
