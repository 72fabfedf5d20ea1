namespace PlatformBot.Scoring;

/// <summary>Health color of a metric, use case or measure. Unknown is never red.</summary>
public enum HealthColor
{
    Unknown = 0,
    Red = 1,
    Yellow = 2,
    Green = 3,
}
