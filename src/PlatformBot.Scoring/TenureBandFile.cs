namespace PlatformBot.Scoring;

internal sealed class TenureBandFile
{
    public int? FromMonths { get; set; }
    public int? ToMonths { get; set; }
    public bool? Scored { get; set; }
    public string? Red { get; set; }
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}
