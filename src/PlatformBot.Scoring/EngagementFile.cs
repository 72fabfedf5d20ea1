using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

internal sealed class EngagementFile
{
    public RatioFile? Ratio { get; set; }
    public string? Red { get; set; }
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}
