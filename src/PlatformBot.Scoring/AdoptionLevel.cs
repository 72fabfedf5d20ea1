namespace PlatformBot.Scoring;

/// <summary>The level an adoption score falls in: "0", "1", "2", "3+" (platform threshold is model data) or "no data".</summary>
public readonly record struct AdoptionLevel(string Label, int Order)
{
    public const string NoDataLabel = "no data";
    public static AdoptionLevel NoData(int platformThreshold) => new(NoDataLabel, platformThreshold + 1);
    public bool IsNoData => Label == NoDataLabel;
    public override string ToString() => Label;
}
