using System.Globalization;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>Builds the score card from a live score and the account's stored history. Pure: no I/O, no clock.</summary>
public static class ScoreCardBuilder
{
    /// <summary>Older usage data than this gets a warning on the card.</summary>
    public const int StaleAfterDays = 14;

    /// <summary>"About three months ago" is the stored snapshot closest to this many days before today...</summary>
    public const int QuarterDays = 91;

    /// <summary>...within this many days of it; otherwise there is no quarter comparison.</summary>
    public const int QuarterToleranceDays = 30;

    public static ScoreCardAnswer Build(
        DirectoryEntry account, AccountScore score, IReadOnlyList<StoredScore> history, ScoringModel model, DateOnly today, bool maySeeArr, string currency)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(model);

        // Snapshots stored for today (or later) would compare the card with itself.
        var last = history.Where(h => h.AsOf < today).MaxBy(h => h.AsOf);
        var target = today.AddDays(-QuarterDays).DayNumber;
        var quarter = history
            .Where(h => h.AsOf < today && Math.Abs(h.AsOf.DayNumber - target) <= QuarterToleranceDays)
            .OrderBy(h => Math.Abs(h.AsOf.DayNumber - target)).ThenBy(h => h.AsOf).FirstOrDefault();

        var useCases = new List<UseCaseLine>(score.UseCases.Count);
        foreach (var u in score.UseCases)
        {
            var definition = model.UseCases.FirstOrDefault(d => d.Id == u.UseCaseId);
            var status = u.NotApplicable ? UseCaseStatus.NotApplicable : u.Color == HealthColor.Unknown ? UseCaseStatus.NoData : UseCaseStatus.Scored;
            useCases.Add(new UseCaseLine(
                u.UseCaseId,
                u.Name,
                u.Color,
                status,
                u.Score,
                u.Metrics.Select(m => new MetricLine(
                    m.MetricId, m.Name, m.Value, m.Value is { } v ? ScoringEngine.Format(v, m.Unit) : "no data",
                    m.GreenThreshold, m.Thresholds, m.Color,
                    definition?.Metrics.FirstOrDefault(d => d.Id == m.MetricId) is not { } metric || HigherIsBetter(metric.Thresholds))).ToList(),
                u.Color is HealthColor.Green or HealthColor.Unknown ? null : u.DistanceToGreen?.Text ?? u.DistanceToGreenNote,
                Change(last, u),
                Change(quarter, u),
                definition?.Plans ?? []));
        }

        return new ScoreCardAnswer(
            account.AccountId, account.Name, account.Segment, account.Region, account.Owner, account.Csm,
            score.AdoptionScore, score.Level.Label, score.UseCaseCount, model.PlatformThreshold,
            maySeeArr ? new Money(score.Arr, currency) : null,
            useCases,
            Measure("License utilization", score.LicenseUtilization),
            Measure("User engagement", score.Engagement),
            LevelChangeOf(last, score),
            LevelChangeOf(quarter, score),
            today, score.DataAsOf, Staleness(score, today, model), score.ModelVersion);
    }

    /// <summary>Green is reached from below when the green condition is "&gt;" or "&gt;=".</summary>
    public static bool HigherIsBetter(Thresholds thresholds) =>
        thresholds.Green.Operator is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual;

    internal static string? Staleness(AccountScore score, DateOnly today, ScoringModel model)
    {
        if (score.Stale)
        {
            return $"Usage data is stale: nothing has been reported in the last {model.StalenessDays} days, so the use cases show no data.";
        }

        if (score.DataAsOf is not { } date)
        {
            return "No usage data has been received for this account.";
        }

        var age = today.DayNumber - date.DayNumber;
        return age > StaleAfterDays
            ? string.Create(CultureInfo.InvariantCulture, $"Usage data is {age} days old (last reported {date:yyyy-MM-dd}).")
            : null;
    }

    private static MeasureLine Measure(string name, MeasureResult measure) =>
        new(name, measure.Value, measure.Value is { } v ? ScoringEngine.Format(v, "share") : "no data", measure.Color,
            string.IsNullOrWhiteSpace(measure.Note) ? null : measure.Note);

    private static ColorChange? Change(StoredScore? snapshot, UseCaseResult now) =>
        snapshot is null || !snapshot.Holds(now.UseCaseId)
            ? null
            : new ColorChange(snapshot.AsOf, snapshot.ColorOf(now.UseCaseId), AnswerText.Compare(snapshot.ColorOf(now.UseCaseId), now.Color));

    private static LevelChange? LevelChangeOf(StoredScore? snapshot, AccountScore now) =>
        snapshot is null
            ? null
            : new LevelChange(snapshot.AsOf, snapshot.Level, snapshot.AdoptionScore, AnswerText.Compare(snapshot.AdoptionScore, now.AdoptionScore), snapshot.ModelVersion);
}
