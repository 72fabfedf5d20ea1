namespace PlatformBot.Data.Entities;

/// <summary>
/// One run of a data source (a GitLab pull of one instance, one Service Ping payload imported by hand or over HTTP):
/// when, how many rows, and how it ended. `platformbot sources status` reads the last of each source.
/// </summary>
public sealed class SourceRun
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string Kind { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime FinishedAtUtc { get; set; }
    public long Rows { get; set; }

    /// <summary><see cref="SourceRunOutcomes"/>: ok, refused (the data was wrong) or failed (the source could not be read).</summary>
    public required string Outcome { get; set; }

    public string? Error { get; set; }
}
