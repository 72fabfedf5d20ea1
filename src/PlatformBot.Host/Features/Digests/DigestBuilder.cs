using System.Globalization;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Builds the platform-neutral <see cref="DigestContent"/> of each kind from a <see cref="DigestDataSet"/>. Pure
/// computation over arrays: the data set is loaded once per batch, so 500 digests over 100,000 accounts stay fast.
/// </summary>
public sealed class DigestBuilder(IOptions<DigestOptions> options, IOptions<DisplayOptions> display)
{
    /// <summary>ARR in the configured currency, in the short form every list and table uses (<see cref="Figures.Money"/>).</summary>
    private string Money(long cents) => Arr(cents / 100m);

    /// <summary>An amount of ARR as every digest writes it: the configured currency, the short form.</summary>
    internal string Arr(decimal amount) => Figures.Money(new Money(amount, display.Value.Currency));

    public DigestContent Build(DigestDataSet data, DigestRequest request)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        var footer = new DigestFooter(data.DataDate, data.PreviousDate, request.Filters.Describe(), request.TimeZone, data.Model.Version, ArrHidden: !request.ShowArr);
        if (data.Current is null)
        {
            return new DigestContent(request.Kind, request.Kind.Title(),
                "No stored scores yet on or before this date: nothing to report (run `platformbot score`, or wait for the weekly scoring job).",
                [], [], null, footer, NothingChanged: true);
        }

        return request.Kind switch
        {
            DigestKind.ScoreChanges => ScoreChanges(data, request, footer),
            DigestKind.ArrKpi => ArrKpi(data, request, footer),
            _ => AdoptionTrends(data, request, footer),
        };
    }

    private enum ChangeGroup
    {
        IntoPlatform,
        OutOfPlatform,
        Up,
        Down,
        StartedReporting,
        StoppedReporting,
        SameLevel,
    }

    private sealed record Change(int Account, ChangeGroup Group, int From, int To, long ArrCents);

    /// <summary>"CI yellow→green, CD green→red": only for the accounts actually listed.</summary>
    internal static string ColorChanges(DigestDataSet data, int account, int onlyUseCase)
    {
        var useCases = data.UseCaseIds.Count;
        var parts = new List<string>(useCases);
        for (var u = 0; u < useCases; u++)
        {
            var before = (HealthColor)data.Previous!.Colors[(account * useCases) + u];
            var after = (HealthColor)data.Current!.Colors[(account * useCases) + u];
            if ((onlyUseCase < 0 || u == onlyUseCase) && before != after)
            {
                parts.Add($"{data.UseCaseNames[u]} {Wording.ColorWord(before)}→{Wording.ColorWord(after)}");
            }
        }

        return string.Join(", ", parts);
    }

    private DigestContent ScoreChanges(DigestDataSet data, DigestRequest request, DigestFooter footer)
    {
        var title = request.Kind.Title();
        var current = data.Current!;
        if (data.Previous is not { } previous)
        {
            return new DigestContent(request.Kind, title,
                "No earlier snapshot to compare with yet: changes are reported from the second scored week on.", [], [], null, footer, NothingChanged: true);
        }

        var useCases = data.UseCaseIds.Count;
        var onlyUseCase = data.UseCaseIndex(request.Filters.UseCase);
        var changes = new List<Change>();
        var firstSeen = 0;
        foreach (var i in data.Select(request.Filters))
        {
            int to = current.Level[i], from = previous.Level[i];
            if (to < 0)
            {
                continue;
            }

            if (from < 0)
            {
                firstSeen++;
                continue;
            }

            // Allocation-free test first: most accounts did not change.
            var colorChanged = false;
            for (var u = 0; u < useCases && !colorChanged; u++)
            {
                colorChanged = (onlyUseCase < 0 || u == onlyUseCase) && previous.Colors[(i * useCases) + u] != current.Colors[(i * useCases) + u];
            }

            var changed = onlyUseCase >= 0 ? colorChanged : from != to || colorChanged;
            if (changed)
            {
                changes.Add(new Change(i, Group(data, from, to), from, to, current.ArrCents[i]));
            }
        }

        var about = onlyUseCase >= 0 ? $" in {data.UseCaseNames[onlyUseCase]}" : string.Empty;
        if (changes.Count == 0)
        {
            var none = string.Create(CultureInfo.InvariantCulture,
                $"No score changes{about} since {data.PreviousDate:yyyy-MM-dd} ({data.Select(request.Filters).Length} accounts checked).");
            return new DigestContent(request.Kind, title, none, [], [], null, footer, NothingChanged: true);
        }

        changes.Sort((a, b) => a.Group != b.Group ? a.Group.CompareTo(b.Group)
            : b.ArrCents != a.ArrCents ? b.ArrCents.CompareTo(a.ArrCents)
            : string.Compare(data.Accounts[a.Account].Name, data.Accounts[b.Account].Name, StringComparison.OrdinalIgnoreCase));
        var counts = changes.CountBy(c => c.Group).ToDictionary(x => x.Key, x => x.Value);
        foreach (var g in Enum.GetValues<ChangeGroup>())
        {
            counts.TryAdd(g, 0);
        }
        var top = data.LevelLabels[data.TopLevel];
        var parts = new List<string>();
        AddCount(parts, counts[ChangeGroup.IntoPlatform], $"into {top}");
        AddCount(parts, counts[ChangeGroup.OutOfPlatform], $"out of {top}");
        AddCount(parts, counts[ChangeGroup.Up], "up");
        AddCount(parts, counts[ChangeGroup.Down], "down");
        AddCount(parts, counts[ChangeGroup.StartedReporting], "started reporting");
        AddCount(parts, counts[ChangeGroup.StoppedReporting], "stopped reporting");
        AddCount(parts, counts[ChangeGroup.SameLevel], "use-case changes at the same level");
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"{changes.Count} account{(changes.Count == 1 ? string.Empty : "s")} changed{about} since {data.PreviousDate:yyyy-MM-dd}: {string.Join(", ", parts)}" +
            $"{(request.ShowArr ? $" ({Money(changes.Sum(c => c.ArrCents))} ARR)" : string.Empty)}.");

        var max = request.Unlimited ? int.MaxValue : options.Value.MaxListedAccounts;
        var listed = 0;
        var details = new List<DigestBlock>();
        foreach (var group in Enum.GetValues<ChangeGroup>())
        {
            var members = changes.Where(c => c.Group == group).Take(Math.Max(0, max - listed)).ToList();
            var total = counts[group];
            if (total == 0)
            {
                continue;
            }

            var room = Math.Max(0, max - listed);
            var lines = members.Take(room).Select(c => (Change: c, UseCases: ColorChanges(data, c.Account, onlyUseCase))).Select(c => Line(data, c.Change.Account,
                string.Create(CultureInfo.InvariantCulture,
                    $"{data.LevelLabels[c.Change.From]} → {data.LevelLabels[c.Change.To]}{(request.ShowArr ? " · ARR " + Money(c.Change.ArrCents) : string.Empty)}{(c.UseCases.Length > 0 ? " · " + c.UseCases : string.Empty)}"))).ToList();
            listed += lines.Count;
            details.Add(Listed(data, request, string.Create(CultureInfo.InvariantCulture, $"{GroupTitle(group, top)} ({total})"), GroupKey(group), lines, total));
        }

        if (firstSeen > 0)
        {
            details.Add(new DigestNote(string.Create(CultureInfo.InvariantCulture, $"{firstSeen} account(s) have no earlier snapshot and are not compared.")));
        }

        return new DigestContent(request.Kind, title, headline, [], details, null, footer, NothingChanged: false);
    }

    private static ChangeGroup Group(DigestDataSet data, int from, int to)
    {
        // Missing data is not movement: an account that starts or stops reporting says the data changed, not its
        // adoption (issue 15), so it is neither up nor down, and not "into" or "out of" the platform level either.
        if (from == data.NoDataLevel && to != data.NoDataLevel)
        {
            return ChangeGroup.StartedReporting;
        }

        if (to == data.NoDataLevel && from != data.NoDataLevel)
        {
            return ChangeGroup.StoppedReporting;
        }

        if (to == data.TopLevel && from != data.TopLevel)
        {
            return ChangeGroup.IntoPlatform;
        }

        if (from == data.TopLevel && to != data.TopLevel)
        {
            return ChangeGroup.OutOfPlatform;
        }

        return to > from ? ChangeGroup.Up : to < from ? ChangeGroup.Down : ChangeGroup.SameLevel;
    }

    private static string GroupTitle(ChangeGroup group, string top) => group switch
    {
        ChangeGroup.IntoPlatform => $"Crossed into {top}",
        ChangeGroup.OutOfPlatform => $"Dropped out of {top}",
        ChangeGroup.Up => "Up",
        ChangeGroup.Down => "Down",
        ChangeGroup.StartedReporting => "Started reporting (no data before)",
        ChangeGroup.StoppedReporting => "Stopped reporting (no data now)",
        _ => "Use-case changes at the same level",
    };

    /// <summary>The list's key within the digest, which a "Show all" button names (<see cref="DigestShowAll.List"/>).</summary>
    private static string GroupKey(ChangeGroup group) => group switch
    {
        ChangeGroup.IntoPlatform => "into-platform",
        ChangeGroup.OutOfPlatform => "out-of-platform",
        ChangeGroup.Up => "up",
        ChangeGroup.Down => "down",
        ChangeGroup.StartedReporting => "started-reporting",
        ChangeGroup.StoppedReporting => "stopped-reporting",
        _ => "same-level",
    };

    /// <summary>A line about one account: its name, what tells it apart (id, owner, CSM) and its id for the card.</summary>
    private static DigestLine Line(DigestDataSet data, int account, string text)
    {
        var a = data.Accounts[account];
        return new DigestLine(a.Name, text, a.Id, Wording.DigestWho(a.Id, a.Owner, a.Csm));
    }

    /// <summary>
    /// A list of <paramref name="total"/> accounts of which <paramref name="lines"/> are shown; when some are left out,
    /// it says how many and offers the rest ("Show all", ADR 0025) instead of naming a setting readers cannot change.
    /// </summary>
    private static DigestList Listed(DigestDataSet data, DigestRequest request, string title, string key, List<DigestLine> lines, int total)
    {
        if (total <= lines.Count)
        {
            return new DigestList(title, lines, null, key);
        }

        var showAll = data.DataDate is { } date ? new DigestShowAll(request.Kind, date, request.Filters, request.TimeZone, key) : null;
        return new DigestList(title, lines, Wording.DigestMore(total - lines.Count), key, showAll);
    }

    /// <summary>The KPI over the selected accounts that have a snapshot at the column's date (the one KPI implementation).</summary>
    private static KpiTally Totals(DigestDataSet data, SnapshotColumn column, int[] selection)
    {
        var tally = new KpiTally(data.Model);
        foreach (var i in selection)
        {
            var level = column.Level[i];
            if (level >= 0)
            {
                tally.Add(level, column.ArrCents[i]);
            }
        }

        return tally;
    }

    /// <summary>A level's share of ARR in percent, as the digest shows and charts it.</summary>
    private static double SharePercent(KpiTally totals, int level) => 100.0 * totals.Share(level);

    private DigestContent ArrKpi(DigestDataSet data, DigestRequest request, DigestFooter footer)
    {
        var selection = data.Select(request.Filters);
        var now = Totals(data, data.Current!, selection);
        var before = data.Previous is { } p ? Totals(data, p, selection) : null;
        var levels = data.LevelLabels;
        var rows = new List<IReadOnlyList<string>>();
        for (var l = 0; l < levels.Count; l++)
        {
            List<string> row =
            [
                levels[l],
                Figures.Percent(SharePercent(now, l)),
                before is null ? "n/a" : Figures.Points(SharePercent(now, l) - SharePercent(before, l)),
                Figures.Count(now.AccountsAt(l)),
                before is null ? "n/a" : Figures.CountChange(now.AccountsAt(l) - before.AccountsAt(l)),
            ];
            if (request.ShowArr)
            {
                row.Add(Money(now.ArrCents(l)));
            }

            rows.Add(row);
        }

        var top = data.TopLevel;
        var change = before is null ? "no earlier week to compare" : $"{Figures.Points(SharePercent(now, top) - SharePercent(before, top))} week on week";
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"{levels[top]} holds {Figures.Percent(SharePercent(now, top))} of ARR ({change}); {Figures.Count(now.AccountsAt(top))} of {Figures.Count(now.Accounts)} accounts" +
            $"{(request.ShowArr ? $", {Money(now.TotalCents)} ARR in scope" : " in scope")}.");
        string[] headers = request.ShowArr ? ["Level", "% ARR", "Δ pp w/w", "Accounts", "Δ", "ARR"] : ["Level", "% ARR", "Δ pp w/w", "Accounts", "Δ"];
        var summary = new List<DigestBlock>
        {
            new DigestTable("Share of ARR by adoption level", headers, rows),
        };

        var trend = data.TrendDates;
        var weekly = trend.Select(d => Totals(data, data.Columns[d], selection)).ToList();
        var trendRows = trend.Select((d, w) => (IReadOnlyList<string>)[Figures.Date(d), .. levels.Select((_, l) => Figures.Percent(SharePercent(weekly[w], l)))]).ToList();
        var details = new List<DigestBlock>
        {
            new DigestTable(string.Create(CultureInfo.InvariantCulture, $"Share of ARR by level, last {trend.Count} week(s)"), ["Week", .. levels], trendRows),
        };
        var series = levels.Select((label, l) => (label, weekly.Select(t => Math.Round(SharePercent(t, l), 1)).ToArray())).ToList();
        var chartTitle = DigestCharts.Title("Share of ARR by adoption level", request.Filters);
        var chart = trend.Count >= 2
            ? new DigestChart(chartTitle, "arr-by-level.png", DigestCharts.AltText(chartTitle, trend, series),
                () => data.ChartPng("arr-kpi|" + request.Filters.Key, () => DigestCharts.Lines(chartTitle, "% of ARR", trend, series)),
                () => data.ChartPng("arr-kpi-compact|" + request.Filters.Key, () => DigestCharts.Lines(chartTitle, "% of ARR", trend, series, DigestCharts.CompactWidth, DigestCharts.CompactHeight)))
            : null;
        return new DigestContent(request.Kind, request.Kind.Title(), headline, summary, details, chart, footer, NothingChanged: false);
    }

    private DigestContent AdoptionTrends(DigestDataSet data, DigestRequest request, DigestFooter footer)
    {
        var selection = data.Select(request.Filters);
        var useCases = data.UseCaseIds.Count;
        var only = data.UseCaseIndex(request.Filters.UseCase);
        var shown = only >= 0 ? [only] : Enumerable.Range(0, useCases).ToArray();
        var trend = data.TrendDates;

        // green accounts and green share of ARR per use case and week
        var greenShare = new double[shown.Length, trend.Count];
        var greenAccounts = new int[shown.Length, trend.Count];
        for (var w = 0; w < trend.Count; w++)
        {
            var column = data.Columns[trend[w]];
            long total = 0;
            var green = new long[shown.Length];
            foreach (var i in selection)
            {
                if (column.Level[i] < 0)
                {
                    continue;
                }

                total += column.ArrCents[i];
                for (var s = 0; s < shown.Length; s++)
                {
                    if ((HealthColor)column.Colors[(i * useCases) + shown[s]] == HealthColor.Green)
                    {
                        green[s] += column.ArrCents[i];
                        greenAccounts[s, w]++;
                    }
                }
            }

            for (var s = 0; s < shown.Length; s++)
            {
                greenShare[s, w] = total == 0 ? 0 : 100.0 * green[s] / total;
            }
        }

        var last = trend.Count - 1;
        var hasPrevWeek = trend.Count >= 2;
        string Delta(int s) => hasPrevWeek ? Figures.Points(greenShare[s, last] - greenShare[s, last - 1]) : "n/a";
        var rows = shown.Select((u, s) => (IReadOnlyList<string>)
        [
            data.UseCaseNames[u], Figures.Count(greenAccounts[s, last]), Figures.Percent(greenShare[s, last]), Delta(s),
            hasPrevWeek ? Figures.CountChange(greenAccounts[s, last] - greenAccounts[s, last - 1]) : "n/a",
        ]).ToList();
        var headline = "Green share of ARR: " + string.Join("; ", shown.Select((u, s) => $"{data.UseCaseNames[u]} {Figures.Percent(greenShare[s, last])} ({Delta(s)})")) +
                       (hasPrevWeek ? " week on week." : " (no earlier week to compare).");
        var summary = new List<DigestBlock>
        {
            new DigestTable("Use cases at green", ["Use case", "Accounts green", "% ARR green", "Δ pp w/w", "Δ accounts"], rows),
        };

        var details = new List<DigestBlock>
        {
            new DigestTable(string.Create(CultureInfo.InvariantCulture, $"% of ARR green, last {trend.Count} week(s)"),
                ["Week", .. shown.Select(u => data.UseCaseNames[u])],
                [.. trend.Select((d, w) => (IReadOnlyList<string>)[Figures.Date(d), .. shown.Select((_, s) => Figures.Percent(greenShare[s, w]))])]),
            new DigestTable(string.Create(CultureInfo.InvariantCulture, $"Accounts green, last {trend.Count} week(s)"),
                ["Week", .. shown.Select(u => data.UseCaseNames[u])],
                [.. trend.Select((d, w) => (IReadOnlyList<string>)[Figures.Date(d), .. shown.Select((_, s) => Figures.Count(greenAccounts[s, w]))])]),
        };
        details.AddRange(Movers(data, selection, shown, request));

        var series = shown.Select((u, s) => (data.UseCaseNames[u], Enumerable.Range(0, trend.Count).Select(w => Math.Round(greenShare[s, w], 1)).ToArray())).ToList();
        var chartTitle = DigestCharts.Title("% of ARR green per use case", request.Filters);
        var chart = trend.Count >= 2
            ? new DigestChart(chartTitle, "adoption-trends.png", DigestCharts.AltText(chartTitle, trend, series),
                () => data.ChartPng("adoption-trends|" + request.Filters.Key, () => DigestCharts.Lines(chartTitle, "% of ARR green", trend, series)),
                () => data.ChartPng("adoption-trends-compact|" + request.Filters.Key, () => DigestCharts.Lines(chartTitle, "% of ARR green", trend, series, DigestCharts.CompactWidth, DigestCharts.CompactHeight)))
            : null;
        return new DigestContent(request.Kind, request.Kind.Title(), headline, summary, details, chart, footer, NothingChanged: false);
    }

    /// <summary>Largest movers: accounts whose use case turned green or stopped being green this week, by ARR.</summary>
    private IEnumerable<DigestBlock> Movers(DigestDataSet data, int[] selection, int[] shown, DigestRequest request)
    {
        if (data.Current is not { } current || data.Previous is not { } previous)
        {
            yield break;
        }

        var useCases = data.UseCaseIds.Count;
        var gained = new List<(int Account, int UseCase, long Arr)>();
        var lost = new List<(int Account, int UseCase, long Arr)>();
        foreach (var i in selection)
        {
            if (current.Level[i] < 0 || previous.Level[i] < 0)
            {
                continue;
            }

            foreach (var u in shown)
            {
                var now = (HealthColor)current.Colors[(i * useCases) + u] == HealthColor.Green;
                var then = (HealthColor)previous.Colors[(i * useCases) + u] == HealthColor.Green;
                if (now != then)
                {
                    (now ? gained : lost).Add((i, u, current.ArrCents[i]));
                }
            }
        }

        var top = request.Unlimited ? int.MaxValue : 10;
        foreach (var (title, key, list) in new[] { ("Largest movers: turned green", "turned-green", gained), ("Largest movers: no longer green", "no-longer-green", lost) })
        {
            if (list.Count == 0)
            {
                continue;
            }

            var lines = list.OrderByDescending(m => m.Arr).ThenBy(m => data.Accounts[m.Account].Name, StringComparer.OrdinalIgnoreCase).Take(top)
                .Select(m => Line(data, m.Account, request.ShowArr ? $"{data.UseCaseNames[m.UseCase]} · ARR {Money(m.Arr)}" : data.UseCaseNames[m.UseCase])).ToList();
            yield return Listed(data, request, string.Create(CultureInfo.InvariantCulture, $"{title} ({list.Count})"), key, lines, list.Count);
        }
    }

    private static void AddCount(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
        }
    }
}
