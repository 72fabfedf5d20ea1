using System.Globalization;
using System.Text.Json;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Decides what `/adoption &lt;text&gt;` answers, for every surface: help, explain, kpi, movers, or an account
/// lookup (resolved safely: one clear match answers, several give a pick list, none gives "did you mean").
/// </summary>
public sealed class LookupService(
    AccountDirectory directory,
    ScoreRunner runner,
    SnapshotReader snapshots,
    ScoringModel model,
    BusinessCalendar calendar,
    AuditLog audit)
{
    private const int StaleAfterDays = 14;

    public static readonly IReadOnlyList<(string Usage, string Description)> Commands =
    [
        ("<account>", "the account's score card: use cases, metrics against thresholds, trend, distance to green"),
        ("explain <use case>", "what a use case measures and how it turns green"),
        ("kpi", "share of ARR at each adoption level, week on week"),
        ("movers", "accounts whose level changed most since last week"),
        ("subscribe <kind> [filters]", "a weekly digest in this channel (score-changes, arr-kpi, adoption-trends)"),
        ("unsubscribe <kind>", "stop a digest in this channel"),
        ("subscriptions", "this channel's digests"),
        ("help", "this list"),
    ];

    public async Task<Answer> AskAsync(string text, Viewer viewer, CancellationToken cancellationToken)
    {
        var trimmed = text.Trim();
        var (verb, rest) = Split(trimmed);
        switch (verb)
        {
            case "":
            case "help":
            case "?":
                return Help();
            case "explain":
                return Explain(rest);
            case "kpi":
                return await KpiAsync(viewer, cancellationToken);
            case "movers":
                return await MoversAsync(viewer, cancellationToken);
            case "subscribe" or "unsubscribe" or "subscriptions":
                return new ErrorAnswer("Digest subscriptions belong to a channel: use /adoption subscribe in Slack or Teams, or `platformbot subscriptions` on the command line.");
        }

        var resolution = await directory.ResolveAsync(trimmed, cancellationToken);
        switch (resolution.Kind)
        {
            case ResolutionKind.One:
                return await CardAsync(resolution.Candidates[0].AccountId, viewer, trimmed, cancellationToken);
            case ResolutionKind.Ambiguous:
                await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", null, $"ambiguous: {trimmed}", cancellationToken);
                return new PickListAnswer(trimmed, resolution.Candidates.Select(c => c.Choice).ToList());
            default:
                await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", null, $"not found: {trimmed}", cancellationToken);
                return new NotFoundAnswer(trimmed, resolution.Candidates.Select(c => c.Choice).ToList());
        }
    }

    public Task<Answer> CardAsync(string accountId, Viewer viewer, CancellationToken cancellationToken) =>
        CardAsync(accountId, viewer, null, cancellationToken);

    private async Task<Answer> CardAsync(string accountId, Viewer viewer, string? query, CancellationToken cancellationToken)
    {
        var entry = await directory.FindAsync(accountId, cancellationToken);
        if (entry is null)
        {
            return new NotFoundAnswer(accountId, []);
        }

        await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", entry.AccountId, query, cancellationToken);
        var today = calendar.Today;
        var score = (await runner.ScoreAsync(today, entry.AccountId, cancellationToken)).Single();
        var history = await snapshots.HistoryAsync(entry.AccountId, cancellationToken);
        var lastWeek = history.LastOrDefault(h => h.AsOf <= today.AddDays(-5));
        var quarter = history.Where(h => h.AsOf <= today.AddDays(-45))
            .OrderBy(h => Math.Abs(h.AsOf.DayNumber - today.AddDays(-91).DayNumber)).FirstOrDefault();
        var lastWeekColors = lastWeek is null ? null : ColorsOf(lastWeek.UseCasesJson);

        var useCases = score.UseCases.Select(u => new UseCaseLine(
            u.UseCaseId, u.Name, u.Color, u.NotApplicable, u.Score,
            u.Metrics.Select(m => new MetricLine(m.Name, m.Value, m.Value is { } v ? ScoringEngine.Format(v, m.Unit) : "no data", m.GreenThreshold, m.Thresholds, m.Color)).ToList(),
            u.DistanceToGreen?.Text,
            lastWeekColors is null ? null : lastWeekColors.GetValueOrDefault(u.UseCaseId, HealthColor.Unknown))).ToList();

        return new ScoreCardAnswer(
            entry.AccountId, entry.Name, entry.Segment, entry.Region, entry.Owner, entry.Csm,
            score.AdoptionScore, score.Level.Label, score.UseCaseCount, model.PlatformThreshold,
            viewer.MaySeeArr ? score.Arr : null,
            useCases,
            Measure("License utilization", score.LicenseUtilization),
            Measure("User engagement", score.Engagement),
            lastWeek is null ? null : new TrendPoint(lastWeek.AsOf, lastWeek.Level, lastWeek.AdoptionScore),
            quarter is null ? null : new TrendPoint(quarter.AsOf, quarter.Level, quarter.AdoptionScore),
            today, score.DataAsOf, Staleness(score, today), score.ModelVersion);
    }

    private static MeasureLine Measure(string name, MeasureResult measure) =>
        new(name, measure.Value is { } v ? ScoringEngine.Format(v, "share") : "no data", measure.Color, measure.Note);

    private static string? Staleness(AccountScore score, DateOnly today)
    {
        if (score.Stale)
        {
            return "Usage data is stale: no instance reported in the last 60 days, so the use cases show no data.";
        }

        if (score.DataAsOf is { } date && today.DayNumber - date.DayNumber > StaleAfterDays)
        {
            return $"Usage data is {today.DayNumber - date.DayNumber} days old.";
        }

        return score.DataAsOf is null ? "No usage data has been received for this account." : null;
    }

    internal static Dictionary<string, HealthColor> ColorsOf(string useCasesJson)
    {
        using var doc = JsonDocument.Parse(useCasesJson);
        var colors = new Dictionary<string, HealthColor>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            colors[property.Name] = property.Value.GetProperty("color").GetString() switch
            {
                "green" => HealthColor.Green,
                "yellow" => HealthColor.Yellow,
                "red" => HealthColor.Red,
                _ => HealthColor.Unknown,
            };
        }

        return colors;
    }

    private HelpAnswer Help(string? note = null) => new(Commands, model.UseCases.Select(u => u.Id).ToList(), note);

    private Answer Explain(string useCaseText)
    {
        var useCase = string.IsNullOrWhiteSpace(useCaseText) ? null : model.FindUseCase(useCaseText);
        if (useCase is null)
        {
            return Help(string.IsNullOrWhiteSpace(useCaseText)
                ? $"Which use case? Try: explain {model.UseCases[0].Id}"
                : $"There is no use case '{useCaseText}'. Use one of: {string.Join(", ", model.UseCases.Select(u => u.Id))}.");
        }

        var howToGreen = useCase.Metrics.Count == 1
            ? $"Green when the metric is green ({useCase.Metrics[0].Thresholds.GreenText(useCase.Metrics[0].Unit)}). Higher is better."
            : string.Create(CultureInfo.InvariantCulture,
                $"Each known metric earns points (red {model.Points.Red}, yellow {model.Points.Yellow}, green {model.Points.Green}); the use case is green when their mean is above {model.Bands.GreenAbove} - for {useCase.Metrics.Count} metrics, e.g. two green and the rest at least yellow. Unknown metrics are left out, never counted as red. Higher is better.");
        if (useCase.Rollup == RollupMode.Points)
        {
            howToGreen += " Across subscriptions the scores are averaged weighted by ARR.";
        }
        else
        {
            howToGreen += " Across subscriptions the metric values are averaged weighted by ARR.";
        }

        return new ExplainAnswer(useCase.Id, useCase.Name, useCase.Description,
            useCase.Metrics.Select(m => new ExplainMetric(m.Name, m.Formula, m.Thresholds.Describe(m.Unit))).ToList(),
            howToGreen,
            useCase.Plans.Count == 0 ? "every plan" : string.Join(", ", useCase.Plans) + " only",
            model.Version);
    }

    private async Task<(DateOnly? Latest, DateOnly? Previous)> LatestDatesAsync(CancellationToken cancellationToken)
    {
        var today = calendar.Today;
        var dates = (await snapshots.DatesAsync(cancellationToken)).Where(d => d <= today).ToList();
        return (dates.Count > 0 ? dates[^1] : null, dates.Count > 1 ? dates[^2] : null);
    }

    private async Task<Answer> KpiAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var (latest, previous) = await LatestDatesAsync(cancellationToken);
        if (latest is not { } asOf || await snapshots.KpiAsync(asOf, cancellationToken) is not { } kpi)
        {
            return new ErrorAnswer("No scores are stored yet: run `platformbot score` (the weekly job does it on schedule).");
        }

        await audit.RecordAsync(viewer.Actor, viewer.Surface, "kpi", null, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
        var before = previous is { } p ? await snapshots.KpiAsync(p, cancellationToken) : null;
        var lines = kpi.Levels.Select(l => new KpiLine(
            l.Level, l.Share, l.Accounts, viewer.MaySeeArr ? l.Arr : null,
            before?.Levels.FirstOrDefault(b => b.Level == l.Level) is { } b ? (l.Share - b.Share) * 100 : null)).ToList();
        return new KpiAnswer(asOf, previous, viewer.MaySeeArr ? kpi.TotalArr : null, kpi.Levels.Sum(l => l.Accounts), lines);
    }

    private async Task<Answer> MoversAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var (latest, previous) = await LatestDatesAsync(cancellationToken);
        if (latest is not { } asOf || previous is not { } before)
        {
            return new ErrorAnswer("Movers need two stored weekly snapshots; there are fewer.");
        }

        await audit.RecordAsync(viewer.Actor, viewer.Surface, "movers", null, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
        var then = (await snapshots.ReadDateAsync(before, cancellationToken)).ToDictionary(s => s.AccountId, StringComparer.Ordinal);
        var order = model.LevelLabels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var changes = new List<(Mover Mover, int Delta, decimal Arr)>();
        foreach (var now in await snapshots.ReadDateAsync(asOf, cancellationToken))
        {
            if (then.TryGetValue(now.AccountId, out var old) && old.Level != now.Level && now.Level != "no data" && old.Level != "no data")
            {
                changes.Add((new Mover(now.AccountId, now.Name, old.Level, now.Level, viewer.MaySeeArr ? now.Arr : null), order[now.Level] - order[old.Level], now.Arr));
            }
        }

        // Ranked by ARR: the moves that matter most to the business first.
        var up = changes.Where(c => c.Delta > 0).OrderByDescending(c => c.Arr).ThenByDescending(c => c.Delta).Take(10).Select(c => c.Mover).ToList();
        var down = changes.Where(c => c.Delta < 0).OrderByDescending(c => c.Arr).ThenBy(c => c.Delta).Take(10).Select(c => c.Mover).ToList();
        return new MoversAnswer(asOf, before, up, down);
    }

    private static (string Verb, string Argument) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        return verb is "" or "help" or "?" or "explain" or "kpi" or "movers" or "subscribe" or "unsubscribe" or "subscriptions"
            ? (verb, space < 0 ? string.Empty : text[(space + 1)..].Trim())
            : ("account", text);
    }
}

public static class LookupSetup
{
    public static IServiceCollection AddLookup(this IServiceCollection services)
    {
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<LookupService>();
        return services;
    }
}
