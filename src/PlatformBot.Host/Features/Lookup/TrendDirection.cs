namespace PlatformBot.Host.Features.Lookup;

/// <summary>Direction of a change against an earlier snapshot.</summary>
public enum TrendDirection
{
    /// <summary>One side is "no data" (or the use case did not exist then): nothing to compare.</summary>
    NotComparable,
    Up,
    Same,
    Down,
}
