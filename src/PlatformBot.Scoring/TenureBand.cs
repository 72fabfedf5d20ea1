using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

public sealed record TenureBand(int FromMonths, int? ToMonths, Thresholds? Thresholds)
{
    public bool Contains(int months) => months >= FromMonths && (ToMonths is null || months <= ToMonths);
}
