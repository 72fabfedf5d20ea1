namespace PlatformBot.Slack;

/// <summary>What <see cref="BlockKitLimits"/> produced, and what it had to change (for a log line).</summary>
public sealed record BlockKitLimitResult<T>(T Value, IReadOnlyList<string> Adjustments)
{
    public bool WasAdjusted => Adjustments.Count > 0;
}
