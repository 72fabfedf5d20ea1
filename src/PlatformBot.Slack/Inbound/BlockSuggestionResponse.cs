namespace PlatformBot.Slack;

/// <summary>The answer to a <see cref="BlockSuggestion"/>: options or option groups (≤ 100 each).</summary>
public sealed record BlockSuggestionResponse
{
    public IReadOnlyList<SlackOption>? Options { get; init; }

    public IReadOnlyList<SlackOptionGroup>? OptionGroups { get; init; }
}
