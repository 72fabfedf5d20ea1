using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

// What a command answers, decided once; renderers turn it into text (CLI), Block Kit (Slack) or an
// Adaptive Card (Teams), so the surfaces never drift apart. ARR fields are null unless the viewer may see ARR.

/// <summary>Who is asking, from where, and whether they may see ARR.</summary>
public sealed record Viewer(string Actor, string Surface, bool MaySeeArr, string? Email);

public abstract record Answer;

public sealed record AccountChoice(string AccountId, string Name, string? Segment, string? Region);

public sealed record MetricLine(string Name, double? Value, string ValueText, string GreenThreshold, string Thresholds, HealthColor Color);

public sealed record UseCaseLine(
    string Id,
    string Name,
    HealthColor Color,
    bool NotApplicable,
    double? Score,
    IReadOnlyList<MetricLine> Metrics,
    string? DistanceToGreen,
    /// <summary>The color in the previous weekly snapshot (null when there is none).</summary>
    HealthColor? LastWeekColor);

public sealed record MeasureLine(string Name, string ValueText, HealthColor Color, string Note);

public sealed record TrendPoint(DateOnly AsOf, string Level, int? AdoptionScore);

public sealed record ScoreCardAnswer(
    string AccountId,
    string Name,
    string? Segment,
    string? Region,
    string? Owner,
    string? Csm,
    int? AdoptionScore,
    string Level,
    int UseCaseCount,
    int PlatformThreshold,
    decimal? Arr,
    IReadOnlyList<UseCaseLine> UseCases,
    MeasureLine LicenseUtilization,
    MeasureLine Engagement,
    TrendPoint? LastWeek,
    TrendPoint? QuarterAgo,
    DateOnly AsOf,
    DateOnly? DataAsOf,
    string? StalenessWarning,
    string ModelVersion) : Answer
{
    /// <summary>"2 of 4 use cases green - level 2 (platform adoption is 3+)" or the no-data line.</summary>
    public string Headline => AdoptionScore is { } score
        ? $"{score} of {UseCaseCount} use cases green - level {Level} (platform adoption is {PlatformThreshold}+)"
        : "No usage data - no adoption score yet";
}

public sealed record PickListAnswer(string Query, IReadOnlyList<AccountChoice> Choices) : Answer;

public sealed record NotFoundAnswer(string Query, IReadOnlyList<AccountChoice> Suggestions) : Answer;

public sealed record HelpAnswer(IReadOnlyList<(string Usage, string Description)> Commands, IReadOnlyList<string> UseCases, string? Note = null) : Answer;

public sealed record ExplainMetric(string Name, string Formula, string Thresholds);

public sealed record ExplainAnswer(
    string UseCaseId, string Name, string Description, IReadOnlyList<ExplainMetric> Metrics, string HowItTurnsGreen, string AppliesTo, string ModelVersion) : Answer;

public sealed record KpiLine(string Level, double Share, int Accounts, decimal? Arr, double? ChangePoints);

public sealed record KpiAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, decimal? TotalArr, int Accounts, IReadOnlyList<KpiLine> Levels) : Answer;

public sealed record Mover(string AccountId, string Name, string FromLevel, string ToLevel, decimal? Arr);

public sealed record MoversAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, IReadOnlyList<Mover> Up, IReadOnlyList<Mover> Down) : Answer;

public sealed record ErrorAnswer(string Message) : Answer;
