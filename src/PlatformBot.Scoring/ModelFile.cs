using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

// ---- the file format (docs/scoring-model-format.md); validated into the records above ----

internal sealed class ModelFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string? Id { get; set; }
    public string? Version { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public int? PlatformThreshold { get; set; }
    public PointsFile? Points { get; set; }
    public BandsFile? Bands { get; set; }
    public int? StalenessDays { get; set; }
    public List<string>? ScoredInstanceTypes { get; set; }
    public List<string>? InputColumns { get; set; }
    public List<UseCaseFile>? UseCases { get; set; }
    public LicenseFile? LicenseUtilization { get; set; }
    public EngagementFile? Engagement { get; set; }
    public Dictionary<string, double>? ProductUsageWeights { get; set; }
    public ServicePingFile? ServicePing { get; set; }
}
