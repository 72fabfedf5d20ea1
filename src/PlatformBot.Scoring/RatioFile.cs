namespace PlatformBot.Scoring;

internal sealed class RatioFile
{
    public List<string>? Numerator { get; set; }
    public List<string>? Denominator { get; set; }
}
