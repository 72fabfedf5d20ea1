namespace PlatformBot.Slack;

/// <summary>A labelled group of options in a select menu.</summary>
public sealed record SlackOptionGroup(PlainText Label, IReadOnlyList<SlackOption> Options);
