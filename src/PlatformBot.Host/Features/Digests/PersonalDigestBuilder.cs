using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// The my-accounts digest of one person: their book (the accounts whose owner or CSM is their e-mail, found as the
/// App Home finds them, <see cref="AccountDirectory.FindByEmailAsync"/>) in three lists - what changed week on week
/// (the stored snapshots the channel digests compare), what one metric stands between and the next level (the
/// engine's distance to green, as the score card shows it, scored as of the data date), and what has had no data for
/// two weeks (the score card's staleness rule). Content only: the platforms render it like any digest.
/// </summary>
public sealed class PersonalDigestBuilder(AccountDirectory directory, ScoreRunner runner, DigestBuilder builder)
{
    private sealed record OneMetric(DigestLine Line, decimal Arr);

    public async Task<DigestContent> BuildAsync(DigestDataSet data, string email, string timeZone, bool showArr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var request = new DigestRequest(DigestKind.MyAccounts, DigestFilters.None, timeZone, SkipWhenNoChanges: true, ShowArr: showArr);
        if (data.Current is not { } current || data.DataDate is not { } dataDate)
        {
            // No stored scores at all: the channel digests' words for it.
            return builder.Build(data, request);
        }

        // The footer states the book, never "in this channel": a DM that withholds ARR says so in its own note.
        var footer = new DigestFooter(dataDate, data.PreviousDate, Wording.PersonalBook(email), timeZone, data.Model.Version);
        var book = await directory.FindByEmailAsync(email, cancellationToken);
        var changed = new List<DigestLine>();
        var oneMetric = new List<OneMetric>();
        var noData = new List<DigestLine>();
        foreach (var account in book)
        {
            var who = Wording.DigestWho(account.AccountId, account.Owner, account.Csm);
            var i = data.IndexOf(account.AccountId);
            if (i >= 0 && data.Previous is { } previous && current.Level[i] >= 0 && previous.Level[i] >= 0)
            {
                var colors = DigestBuilder.ColorChanges(data, i, onlyUseCase: -1);
                int from = previous.Level[i], to = current.Level[i];
                if (from != to || colors.Length > 0)
                {
                    var levels = from == to ? Wording.LevelName(data.LevelLabels[to]) : Wording.PersonalLevelMove(data.LevelLabels[from], data.LevelLabels[to]);
                    changed.Add(new DigestLine(account.Name, colors.Length > 0 ? $"{levels} · {colors}" : levels, account.AccountId, who));
                }
            }

            var score = (await runner.ScoreAsync(dataDate, account.AccountId, cancellationToken)).SingleOrDefault();
            var stale = score is null ? Wording.PersonalNotScored : ScoreCardBuilder.Staleness(score, dataDate, data.Model);
            if (score is null || stale is not null)
            {
                noData.Add(new DigestLine(account.Name, stale ?? Wording.PersonalNotScored, account.AccountId, who));
                continue;
            }

            if (NextLevel(score, data.Model) is { } distance)
            {
                var text = Wording.PersonalOneMetric(score.Level.Label, data.LevelLabels[score.AdoptionScore!.Value + 1], distance.Text);
                if (showArr)
                {
                    text += " · ARR " + builder.Arr(score.Arr);
                }

                oneMetric.Add(new OneMetric(new DigestLine(account.Name, text, account.AccountId, who), score.Arr));
            }
        }

        var ranked = oneMetric.OrderByDescending(o => o.Arr).ThenBy(o => o.Line.Strong, StringComparer.OrdinalIgnoreCase).Select(o => o.Line).ToList();
        var details = new List<DigestBlock>();
        Add(details, Wording.PersonalChangedTitle, changed, "changed");
        Add(details, Wording.PersonalOneMetricTitle, ranked, "one-metric");
        Add(details, Wording.PersonalNoDataTitle, noData, "no-data");
        if (!showArr && ranked.Count > 0)
        {
            details.Add(new DigestNote(Wording.PersonalArrHidden));
        }

        var headline = Wording.PersonalHeadline(book.Count, changed.Count, ranked.Count, noData.Count, data.PreviousDate);
        return new DigestContent(DigestKind.MyAccounts, DigestKind.MyAccounts.Title(), headline, [], details, null, footer, NothingChanged: details.Count == 0);
    }

    /// <summary>
    /// The use case whose one metric turns it green, and so lifts the account one level: the engine's distance to green
    /// (not re-derived here). Below the platform level only; of several, the smallest shortfall relative to its threshold.
    /// </summary>
    private static DistanceToGreen? NextLevel(AccountScore score, ScoringModel model)
    {
        if (score.AdoptionScore is not { } green || green >= model.PlatformThreshold)
        {
            return null;
        }

        return score.UseCases
            .Where(u => !u.NotApplicable && u.Color is not (HealthColor.Green or HealthColor.Unknown) && u.DistanceToGreen is not null)
            .Select(u => u.DistanceToGreen!)
            .MinBy(d => Math.Abs(d.Target - d.Current) / Math.Max(Math.Abs(d.Target), double.Epsilon));
    }

    private static void Add(List<DigestBlock> details, string title, List<DigestLine> lines, string key)
    {
        if (lines.Count > 0)
        {
            details.Add(new DigestList($"{title} ({lines.Count})", lines, Key: key));
        }
    }
}
