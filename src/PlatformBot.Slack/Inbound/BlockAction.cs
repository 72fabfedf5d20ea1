namespace PlatformBot.Slack;

/// <summary>One action of a block_actions payload.</summary>
public sealed record BlockAction
{
    /// <summary>Element type, e.g. <c>button</c>, <c>static_select</c>.</summary>
    public string? Type { get; init; }

    public string? ActionId { get; init; }

    public string? BlockId { get; init; }

    /// <summary>A button's value.</summary>
    public string? Value { get; init; }

    public SelectedOption? SelectedOption { get; init; }

    public IReadOnlyList<SelectedOption>? SelectedOptions { get; init; }

    public TextValue? Text { get; init; }

    public string? ActionTs { get; init; }
}
