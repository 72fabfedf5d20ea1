namespace PlatformBot.Slack;

/// <summary>An option chosen in a select or overflow menu.</summary>
public sealed record SelectedOption
{
    public TextValue? Text { get; init; }

    public string? Value { get; init; }
}
