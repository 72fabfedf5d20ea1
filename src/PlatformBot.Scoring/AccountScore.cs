namespace PlatformBot.Scoring;

/// <summary>The account's full score as of a date.</summary>
public sealed record AccountScore(
    string AccountId,
    DateOnly AsOf,
    string ModelVersion,
    decimal Arr,
    // Number of green use cases, or null when every use case is unknown ("no data").
    int? AdoptionScore,
    AdoptionLevel Level,
    IReadOnlyList<UseCaseResult> UseCases,
    MeasureResult LicenseUtilization,
    MeasureResult Engagement,
    MeasureResult ProductUsage,
    // The newest snapshot date among the usage rows used; null when none.
    DateOnly? DataAsOf,
    // True when the account has usage rows but all are older than the staleness window.
    bool Stale,
    int UseCaseCount);
