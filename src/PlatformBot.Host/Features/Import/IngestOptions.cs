using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Import;

public sealed class IngestOptions
{
    public const string Section = "Ingest";

    // Ingest:ApiKeys, in the same section, is read by Features/Access (ApiKeyOptions): it guards every /api/v1 endpoint.

    /// <summary>Largest CSV body accepted, in bytes (413 beyond).</summary>
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
