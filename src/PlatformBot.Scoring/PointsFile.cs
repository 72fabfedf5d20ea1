namespace PlatformBot.Scoring;

internal sealed class PointsFile
{
    public double? Red { get; set; }
    public double? Yellow { get; set; }
    public double? Green { get; set; }
}
