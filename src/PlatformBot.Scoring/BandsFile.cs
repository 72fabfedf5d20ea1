namespace PlatformBot.Scoring;

internal sealed class BandsFile
{
    public double? GreenAbove { get; set; }
    public double? YellowAbove { get; set; }
}
