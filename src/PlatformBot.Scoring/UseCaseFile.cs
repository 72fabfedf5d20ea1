namespace PlatformBot.Scoring;

internal sealed class UseCaseFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Rollup { get; set; }
    public List<string>? Plans { get; set; }
    public List<MetricFile>? Metrics { get; set; }
}
