namespace PlatformBot.Scoring;

internal sealed class EngagementFile
{
    public RatioFile? Ratio { get; set; }
    public string? Red { get; set; }
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}
