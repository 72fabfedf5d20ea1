namespace PlatformBot.Scoring;

public sealed record TenureBand(int FromMonths, int? ToMonths, Thresholds? Thresholds)
{
    public bool Contains(int months) => months >= FromMonths && (ToMonths is null || months <= ToMonths);
}
