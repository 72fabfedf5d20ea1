namespace PlatformBot.Scoring;

internal sealed class LicenseFile
{
    public RatioFile? Ratio { get; set; }
    public List<TenureBandFile>? TenureBands { get; set; }
    public double? ExpansionSignalAtOrAbove { get; set; }
    public double? SeatReductionRiskBelow { get; set; }
}
