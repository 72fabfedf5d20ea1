namespace PlatformBot.Scoring;

public enum RollupMode
{
    /// <summary>ARR-weighted mean of each metric's raw value, then thresholds, then points.</summary>
    Ratio,
    /// <summary>Use-case score per subscription, then its ARR-weighted mean, then bands.</summary>
    Points,
}
