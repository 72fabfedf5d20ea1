using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

internal sealed class PointsFile
{
    public double? Red { get; set; }
    public double? Yellow { get; set; }
    public double? Green { get; set; }
}
