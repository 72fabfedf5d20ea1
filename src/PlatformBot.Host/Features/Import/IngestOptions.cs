namespace PlatformBot.Host.Features.Import;

public sealed class IngestOptions
{
    public const string Section = "Ingest";

    // Ingest:ApiKeys, in the same section, is read by Features/Access (ApiKeyOptions): it guards every /api/v1 endpoint.

    /// <summary>Largest CSV body accepted, in bytes (413 beyond).</summary>
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
