namespace PlatformBot.Scoring;

/// <summary>
/// A dotted key path into a Service Ping payload (GitLab nests a metric definition's key_path by its dots), used only
/// when the payload's GitLab version is at least <see cref="FromVersion"/> (null = any version).
/// </summary>
public sealed record ServicePingPath(string Path, Version? FromVersion)
{
    /// <summary>The path's property names, outermost first.</summary>
    public IReadOnlyList<string> Segments { get; } = Path.Split('.');

    /// <summary>
    /// Whether the path applies to a payload of this GitLab version. A payload whose version cannot be read gets only
    /// the paths without a version gate: a gated key is a claim about versions, and an unknown version cannot meet it.
    /// </summary>
    public bool AppliesTo(Version? payloadVersion) => FromVersion is null || (payloadVersion is not null && payloadVersion >= FromVersion);
}
