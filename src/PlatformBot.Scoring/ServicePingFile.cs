namespace PlatformBot.Scoring;

/// <summary>The model file's <c>servicePing</c> section as written (docs/scoring-model-format.md).</summary>
internal sealed class ServicePingFile
{
    public Dictionary<string, List<ServicePingPathFile>>? Columns { get; set; }
}
