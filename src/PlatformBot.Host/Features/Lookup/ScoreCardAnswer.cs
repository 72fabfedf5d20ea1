namespace PlatformBot.Host.Features.Lookup;

public sealed record ScoreCardAnswer(
    string AccountId,
    string Name,
    string? Segment,
    string? Region,
    string? Owner,
    string? Csm,
    // Green use cases; null when every use case is unknown ("no data").
    int? AdoptionScore,
    string Level,
    int UseCaseCount,
    int PlatformThreshold,
    // Null unless the viewer may see ARR.
    Money? Arr,
    IReadOnlyList<UseCaseLine> UseCases,
    MeasureLine LicenseUtilization,
    MeasureLine Engagement,
    LevelChange? VsLast,
    LevelChange? VsQuarter,
    // The day the card was computed for (business "today").
    DateOnly AsOf,
    // The newest usage snapshot the score used; null when none.
    DateOnly? DataAsOf,
    // Set when the data is older than 14 days, stale (ignored by the engine) or missing.
    string? StalenessWarning,
    string ModelVersion) : Answer
{
    public bool ReachedPlatform => AdoptionScore >= PlatformThreshold;

    /// <summary>"2 of 4 use cases green — level 2 (platform adoption is 3+)", or the no-data line (<see cref="Wording.Headline"/>).</summary>
    public string Headline => Wording.Headline(this);
}
