namespace PlatformBot.Scoring;

internal sealed class MetricFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public RatioFile? Ratio { get; set; }
    public List<string>? CountPositive { get; set; }
    public string? Red { get; set; }
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}
