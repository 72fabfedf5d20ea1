namespace PlatformBot.Host.Features.Scoring;

public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>A bundled model by name (`platformbot models` lists them); empty = the default, gitlab-current.</summary>
    public string? Model { get; set; }

    /// <summary>A scoring model JSON file of one's own, instead of a bundled model.</summary>
    public string? ModelFile { get; set; }

    /// <summary>IANA time zone that decides what "today" is for `score` and lookups.</summary>
    public string TimeZone { get; set; } = "Etc/UTC";
}
