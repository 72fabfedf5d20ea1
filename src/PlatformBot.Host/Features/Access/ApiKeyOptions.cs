namespace PlatformBot.Host.Features.Access;

/// <summary>
/// The keys every <c>/api/v1</c> endpoint accepts in the X-Api-Key header. The section is still <c>Ingest</c>
/// (<c>Ingest:ApiKeys</c>), the name operators have set since HTTP import was the only API. None configured = every
/// API endpoint refused.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Ingest";

    public const int MinimumLength = 16;

    public List<string> ApiKeys { get; set; } = [];
}
