namespace PlatformBot.Scoring;

/// <summary>One candidate key path of a column, as written in the model file.</summary>
internal sealed class ServicePingPathFile
{
    public string? Path { get; set; }

    public string? FromVersion { get; set; }
}
