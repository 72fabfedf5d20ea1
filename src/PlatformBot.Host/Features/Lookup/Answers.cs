using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

// What a command answers, decided once. Renderers only lay it out: text (CLI, fallbacks), Block Kit (Slack),
// Adaptive Cards (Teams), in the words of Wording and the figures of Figures, so the surfaces never drift apart. Every ARR field is null unless the viewer may see ARR:
// a renderer cannot leak what the answer does not hold.

/// <summary>Who asks, from where ("slack", "teams", "cli", "preview"), and whether they may see ARR.</summary>
public sealed record Viewer(string Actor, string Surface, bool MaySeeArr, string? Email);

public abstract record Answer;

/// <summary>Direction of a change against an earlier snapshot.</summary>
public enum TrendDirection
{
    /// <summary>One side is "no data" (or the use case did not exist then): nothing to compare.</summary>
    NotComparable,
    Up,
    Same,
    Down,
}

/// <summary>Compared with an earlier stored snapshot: what it was, and which way it went.</summary>
public sealed record ColorChange(DateOnly Since, HealthColor Before, TrendDirection Direction);

/// <summary>The account's level in an earlier stored snapshot (and the model version that scored it).</summary>
public sealed record LevelChange(DateOnly Since, string Before, int? AdoptionScoreBefore, TrendDirection Direction, string ModelVersion);

public enum UseCaseStatus
{
    Scored,

    /// <summary>Nothing known about the use case's metrics: shown apart from "below threshold", never red.</summary>
    NoData,

    /// <summary>The use case does not apply to the account's plans (e.g. Security outside Ultimate).</summary>
    NotApplicable,
}

/// <summary>
/// One metric of a use case: value (null = no data), its green condition ("> 33%"), all bands, color, and whether
/// higher is better (decided from the model's thresholds, not assumed).
/// </summary>
public sealed record MetricLine(
    string Id, string Name, double? Value, string ValueText, string GreenThreshold, string Thresholds, HealthColor Color, bool HigherIsBetter)
{
    public bool NoData => Value is null;
}

public sealed record UseCaseLine(
    string Id,
    string Name,
    HealthColor Color,
    UseCaseStatus Status,
    // Points score (mean of metric points), null when unknown.
    double? Score,
    IReadOnlyList<MetricLine> Metrics,
    // e.g. "CI builds per billable user 12.4 -> needs > 40", or the engine's note when no single metric can do it;
    // null when green or unknown.
    string? DistanceToGreen,
    // Against the last stored snapshot before today; null when there is none.
    ColorChange? VsLast,
    // Against the stored snapshot closest to 91 days before today; null when there is none.
    ColorChange? VsQuarter,
    // Plans the use case applies to (empty = every plan), for "not applicable" lines.
    IReadOnlyList<string> Plans);

/// <summary>A secondary measure (license utilization, user engagement) with its note (expansion signal, onboarding...).</summary>
public sealed record MeasureLine(string Name, double? Value, string ValueText, HealthColor Color, string? Note);

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

/// <summary>An account offered in a pick list or as a suggestion (button value = <see cref="AccountId"/>).</summary>
public sealed record AccountChoice(string AccountId, string Name, string? Segment, string? Region)
{
    public static AccountChoice From(DirectoryEntry entry) => new(entry.AccountId, entry.Name, entry.Segment, entry.Region);
}

/// <summary>
/// Several accounts match: the best <see cref="NameIndex.MaxChoices"/>, ranked, out of <see cref="TotalMatches"/>;
/// <see cref="More"/> holds the next ones, ranked, up to <see cref="MaxMore"/>, for surfaces that can offer them
/// in a list (Slack's select menu).
/// </summary>
public sealed record PickListAnswer(string Query, IReadOnlyList<AccountChoice> Choices, int TotalMatches) : Answer
{
    /// <summary>Slack's limit for a select menu's options.</summary>
    public const int MaxMore = 100;

    public IReadOnlyList<AccountChoice> More { get; init; } = [];
}

/// <summary>No account matches; <see cref="Suggestions"/> (up to 3) are "did you mean".</summary>
public sealed record NotFoundAnswer(string Query, IReadOnlyList<AccountChoice> Suggestions) : Answer;

public sealed record HelpCommand(string Usage, string Description);

public sealed record UseCaseName(string Id, string Name);

/// <summary>The commands and the model's use cases; <see cref="Note"/> says why help was shown, when it was not asked for.</summary>
public sealed record HelpAnswer(IReadOnlyList<HelpCommand> Commands, IReadOnlyList<UseCaseName> UseCases, string? Note = null) : Answer;

/// <summary>A metric's formula in words and its bands, each band as a condition ("&lt;= 10%", "> 10% and &lt;= 33%", "> 33%").</summary>
public sealed record ExplainMetric(string Name, string Formula, string Red, string Yellow, string Green, bool HigherIsBetter);

public sealed record ExplainAnswer(
    string UseCaseId,
    string Name,
    string Description,
    IReadOnlyList<ExplainMetric> Metrics,
    // e.g. "Green when the mean of its metric points is > 75 (...): two green and one at least yellow."
    string HowItTurnsGreen,
    // How several subscriptions of one account combine.
    string AcrossSubscriptions,
    // "every plan" or e.g. "ultimate only".
    string AppliesTo,
    string ModelVersion) : Answer;

/// <summary>One level of the ARR KPI. Changes are against the previous stored snapshot date (null when there is none).</summary>
public sealed record KpiLine(string Level, double Share, int Accounts, Money? Arr, double? ShareChangePoints, int? AccountsChange);

/// <summary>Share of ARR and accounts per level ("0".."3+", "no data"), week on week in percentage points.</summary>
public sealed record KpiAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, int Accounts, Money? TotalArr, IReadOnlyList<KpiLine> Levels, int PlatformThreshold) : Answer;

/// <summary>An account whose level changed; <see cref="Arr"/> only for viewers who may see ARR.</summary>
public sealed record Mover(string AccountId, string Name, string FromLevel, string ToLevel, int Steps, Money? Arr);

/// <summary>Level changes since the previous stored snapshot date, largest ARR first; totals count all movers.</summary>
public sealed record MoversAnswer(DateOnly AsOf, DateOnly? PreviousAsOf, IReadOnlyList<Mover> Up, IReadOnlyList<Mover> Down, int UpTotal, int DownTotal) : Answer;

public sealed record ErrorAnswer(string Message) : Answer;

/// <summary>How two snapshots compare (the words for it are in <see cref="Wording"/>).</summary>
public static class AnswerText
{
    public static TrendDirection Compare(HealthColor before, HealthColor now) =>
        before == HealthColor.Unknown && now == HealthColor.Unknown ? TrendDirection.Same
        : before == HealthColor.Unknown || now == HealthColor.Unknown ? TrendDirection.NotComparable
        : now > before ? TrendDirection.Up
        : now < before ? TrendDirection.Down
        : TrendDirection.Same;

    public static TrendDirection Compare(int? before, int? now) =>
        before is null && now is null ? TrendDirection.Same
        : before is not { } b || now is not { } n ? TrendDirection.NotComparable
        : n > b ? TrendDirection.Up
        : n < b ? TrendDirection.Down
        : TrendDirection.Same;
}
