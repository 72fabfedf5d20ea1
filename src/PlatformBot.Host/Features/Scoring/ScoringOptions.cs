using PlatformBot.Data.Store;

namespace PlatformBot.Host.Features.Scoring;

public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>A bundled model by name (`platformbot models` lists them); empty = the default, gitlab-current.</summary>
    public string? Model { get; set; }

    /// <summary>A scoring model JSON file of one's own, instead of a bundled model.</summary>
    public string? ModelFile { get; set; }

    /// <summary>
    /// Accounts read, scored and written per batch by a score run: memory grows with it, and the statements per run
    /// shrink with it (ADR 0029). The result never depends on it.
    /// </summary>
    public int BatchSize { get; set; } = ScoreInputReader.DefaultBatchSize;

    /// <summary>IANA time zone that decides what "today" is for `score` and lookups.</summary>
    public string TimeZone { get; set; } = "Etc/UTC";
}
