using System.Globalization;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Decides what `/adoption &lt;text&gt;` answers, for every surface: help, explain, kpi, movers, or an account
/// lookup resolved safely (one clear match answers, several give a pick list, none gives "did you mean"). The card
/// is scored live as of the business day; trends come from stored snapshots. Every lookup is audited, never with ARR.
/// </summary>
public sealed class LookupService(
    AccountDirectory directory,
    ScoreRunner runner,
    SnapshotReader snapshots,
    ScoringModel model,
    BusinessCalendar calendar,
    AuditLog audit,
    CardCache cards,
    StoreChanges changes,
    PlatformBotMetrics metrics,
    TimeProvider time,
    IOptions<DisplayOptions> display)
{
    /// <summary>ARR is stored in one currency; answers carry it as <see cref="Money"/>.</summary>
    private string Currency => display.Value.Currency;

    public static readonly IReadOnlyList<HelpCommand> Commands =
    [
        new("<account name or id>", "the account's card: use cases against thresholds, trend, distance to green"),
        new("explain <use case>", "what a use case measures and how it turns green"),
        new("kpi", "share of ARR and accounts at each adoption level, week on week"),
        new("movers", "accounts whose adoption level changed since the previous snapshot"),
        new("subscribe <digest> [filters]", "a weekly digest in this channel"),
        new("unsubscribe <digest>", "stop a digest in this channel"),
        new("subscriptions", "this channel's digests"),
        new("subscriptions update <id> [day= time= tz= filters]", "change a digest's schedule or filters in place (digest managers)"),
        new(Wording.PersonalDigestCommand, "a weekly direct message about the accounts you own or look after"),
        new("help", "this list (put an account name in quotes if it is also a command, e.g. \"kpi\")"),
    ];

    public async Task<Answer> AskAsync(string text, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var command = LookupCommand.Parse(text);
        return command.Verb switch
        {
            LookupVerb.Help => Help(command.Note),
            LookupVerb.Explain => Explain(command.Argument),
            LookupVerb.Kpi => await KpiAsync(viewer, cancellationToken),
            LookupVerb.Movers => await MoversAsync(viewer, cancellationToken),
            LookupVerb.PersonalDigest => new ErrorAnswer(
                "The personal digest is a direct message in Slack or Teams: say /adoption digest me on (Slack) or \"digest me on\" to PlatformBot (Teams)."),
            LookupVerb.Subscriptions => new ErrorAnswer(
                "Digest subscriptions belong to a channel: use /adoption subscribe in Slack or Teams, or `platformbot subscriptions` on the command line."),
            _ => await MeasuredAsync(viewer, () => LookupAsync(command.Argument, viewer, cancellationToken)),
        };
    }

    /// <summary>The card for a known account id (pick-list buttons, App Home, "did you mean" buttons).</summary>
    public Task<Answer> CardAsync(string accountId, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(viewer);
        return MeasuredAsync(viewer, () => CardByIdAsync(accountId, viewer, cancellationToken));
    }

    /// <summary>
    /// The lookup metric, recorded here where the answer is decided: what kind of answer it was, or "error" when the
    /// lookup threw (the exception goes on to the surface, which says so to the user).
    /// </summary>
    private async Task<Answer> MeasuredAsync(Viewer viewer, Func<Task<Answer>> lookup)
    {
        var started = time.GetTimestamp();
        var outcome = "error";
        try
        {
            var answer = await lookup();
            outcome = answer switch
            {
                ScoreCardAnswer => "card",
                PickListAnswer => "pick_list",
                _ => "not_found",
            };
            return answer;
        }
        finally
        {
            metrics.LookupAnswered(viewer.Surface, outcome, time.GetElapsedTime(started));
        }
    }

    private async Task<Answer> CardByIdAsync(string accountId, Viewer viewer, CancellationToken cancellationToken)
    {
        var account = await directory.FindAsync(accountId, cancellationToken);
        if (account is null)
        {
            await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", null, $"unknown id: {accountId}", cancellationToken);
            return new NotFoundAnswer(accountId, []);
        }

        return await CardAsync(account, viewer, "picked", cancellationToken);
    }

    /// <summary>
    /// The card for a public copy ("Share in channel" on Slack and Teams): never with ARR, whoever shares it, since
    /// everybody in the channel sees the copy.
    /// </summary>
    public Task<Answer> ShareableCardAsync(string accountId, string actor, string surface, CancellationToken cancellationToken) =>
        CardAsync(accountId, new Viewer(actor, surface, MaySeeArr: false, null), cancellationToken);

    private async Task<Answer> LookupAsync(string query, Viewer viewer, CancellationToken cancellationToken)
    {
        var resolution = await directory.ResolveAsync(query, cancellationToken);
        switch (resolution.Kind)
        {
            case ResolutionKind.Single:
                return await CardAsync(resolution.Account!, viewer, $"query: {query}", cancellationToken);
            case ResolutionKind.Ambiguous:
                await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", null, $"ambiguous ({resolution.TotalMatches}): {query}", cancellationToken);
                var pick = new PickListAnswer(query, resolution.Candidates.Select(c => AccountChoice.From(c.Account)).ToList(), resolution.TotalMatches);
                if (resolution.TotalMatches <= resolution.Candidates.Count)
                {
                    return pick;
                }

                // More than the list shows: the next ones, in the same order, for a surface that can offer them.
                var wider = await directory.ResolveAsync(query, resolution.Candidates.Count + PickListAnswer.MaxMore, cancellationToken);
                return pick with { More = [.. wider.Candidates.Skip(resolution.Candidates.Count).Select(c => AccountChoice.From(c.Account))] };
            default:
                await audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", null, $"not found: {query}", cancellationToken);

                // One unknown word with nothing close is as likely a mistyped sub-command as an account: help, not an error.
                return resolution.Candidates.Count == 0 && !query.Contains(' ', StringComparison.Ordinal)
                    ? Help($"\"{query}\" is neither an account nor a command. For an account, type part of its name or its id.")
                    : new NotFoundAnswer(query, resolution.Candidates.Select(c => AccountChoice.From(c.Account)).ToList());
        }
    }

    private async Task<Answer> CardAsync(DirectoryEntry account, Viewer viewer, string detail, CancellationToken cancellationToken)
    {
        // The attempt to see an account is what the log is for: recorded alongside the work, and no card is shown unless
        // the row was committed (an audit failure fails the lookup).
        var audited = audit.RecordAsync(viewer.Actor, viewer.Surface, "lookup", account.AccountId, detail, cancellationToken);
        var today = calendar.Today;
        if (cards.TryGet(account.AccountId, today, out var cachedScore, out var cachedHistory))
        {
            await audited;
            return ScoreCardBuilder.Build(account, cachedScore, cachedHistory, model, today, viewer.MaySeeArr, Currency);
        }

        var version = changes.Version;
        var scoring = runner.ScoreAsync(today, account.AccountId, cancellationToken);
        var history = snapshots.HistoryAsync(account.AccountId, cancellationToken);
        await Task.WhenAll(audited, scoring, history);
        var score = (await scoring).SingleOrDefault();
        if (score is null)
        {
            // Removed since the directory was loaded.
            directory.Invalidate();
            return new NotFoundAnswer(account.Name, []);
        }

        cards.Set(account.AccountId, today, version, score, await history);
        return ScoreCardBuilder.Build(account, score, await history, model, today, viewer.MaySeeArr, Currency);
    }

    private HelpAnswer Help(string? note = null) =>
        new(Commands, model.UseCases.Select(u => new UseCaseName(u.Id, u.Name)).ToList(), note);

    private Answer Explain(string useCaseText)
    {
        var useCase = string.IsNullOrWhiteSpace(useCaseText) ? null : model.FindUseCase(useCaseText);
        if (useCase is not null)
        {
            return ExplainBuilder.Build(useCase, model);
        }

        var valid = string.Join(", ", model.UseCases.Select(u => u.Id));
        return Help(string.IsNullOrWhiteSpace(useCaseText)
            ? $"Which use case? Try: explain {model.UseCases[0].Id} (one of: {valid})."
            : $"There is no use case \"{useCaseText}\". Use one of: {valid}.");
    }

    /// <summary>The newest stored snapshot date up to today, and the one before it.</summary>
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
        return TrendBuilder.Kpi(kpi, before, model.PlatformThreshold, viewer.MaySeeArr, Currency);
    }

    private async Task<Answer> MoversAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var (latest, previous) = await LatestDatesAsync(cancellationToken);
        if (latest is not { } asOf || previous is not { } before)
        {
            return new ErrorAnswer("Movers need two stored score snapshots, and there are fewer. The weekly score job stores one each week.");
        }

        await audit.RecordAsync(viewer.Actor, viewer.Surface, "movers", null, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
        var now = snapshots.ReadDateAsync(asOf, cancellationToken);
        var then = snapshots.ReadDateAsync(before, cancellationToken);
        await Task.WhenAll(now, then);
        return TrendBuilder.Movers(asOf, before, await now, await then, model, viewer.MaySeeArr, Currency);
    }
}
