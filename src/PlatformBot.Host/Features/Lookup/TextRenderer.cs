using System.Globalization;
using System.Text;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Plain text for an <see cref="Answer"/>: what `platformbot ask` prints, and the fallback when a platform rejects
/// rich content. No emoji and no markup; colors are words with a bracketed marker ([G] [Y] [R], [?] no data,
/// [-] not applicable) so the card reads the same in any terminal or screen reader.
/// </summary>
public static class TextRenderer
{
    public static string Render(Answer answer) => answer switch
    {
        ScoreCardAnswer card => Card(card),
        PickListAnswer pick => PickList(pick),
        NotFoundAnswer none => NotFound(none),
        HelpAnswer help => Help(help),
        ExplainAnswer explain => Explain(explain),
        KpiAnswer kpi => Kpi(kpi),
        MoversAnswer movers => Movers(movers),
        ErrorAnswer error => error.Message,
        null => throw new ArgumentNullException(nameof(answer)),
        _ => throw new ArgumentException($"No text rendering for {answer.GetType().Name}.", nameof(answer)),
    };

    public static string Marker(HealthColor color, UseCaseStatus status = UseCaseStatus.Scored) => status switch
    {
        UseCaseStatus.NotApplicable => "[-]",
        UseCaseStatus.NoData => "[?]",
        _ => color switch
        {
            HealthColor.Green => "[G]",
            HealthColor.Yellow => "[Y]",
            HealthColor.Red => "[R]",
            _ => "[?]",
        },
    };

    private static string Card(ScoreCardAnswer c)
    {
        var text = new StringBuilder();
        text.Append(c.Name).Append(" (").Append(c.AccountId).Append(") — ").Append(c.Headline).AppendLine();

        var facts = new List<string>();
        if (c.Segment is not null || c.Region is not null)
        {
            facts.Add(string.Join(" / ", new[] { c.Segment, c.Region }.Where(x => x is not null)));
        }

        if (c.Arr is { } arr)
        {
            facts.Add("ARR " + Money(arr));
        }

        facts.Add("owner " + (c.Owner ?? "-"));
        facts.Add("CSM " + (c.Csm ?? "-"));
        text.AppendLine(string.Join(" · ", facts));

        var trend = new List<string>();
        if (c.VsLast is { } last)
        {
            trend.Add(LevelTrend(last, c.ModelVersion));
        }

        if (c.VsQuarter is { } quarter && quarter.Since != c.VsLast?.Since)
        {
            trend.Add(LevelTrend(quarter, c.ModelVersion));
        }

        text.AppendLine(trend.Count > 0 ? "Trend: " + string.Join("; ", trend) : "Trend: no earlier snapshot stored yet");
        text.AppendLine();

        var width = c.UseCases.Count == 0 ? 0 : c.UseCases.Max(u => u.Name.Length);
        foreach (var u in c.UseCases)
        {
            text.Append(Marker(u.Color, u.Status)).Append(' ').Append(u.Name.PadRight(width)).Append("  ");
            switch (u.Status)
            {
                case UseCaseStatus.NotApplicable:
                    text.Append("not applicable").Append(u.Plans.Count > 0 ? $" (only on {string.Join(", ", u.Plans)})" : string.Empty).AppendLine();
                    continue;
                case UseCaseStatus.NoData:
                    text.Append("no data (not reported - not counted as red)");
                    break;
                default:
                    text.Append(AnswerText.ColorWord(u.Color));
                    break;
            }

            var changes = new[] { u.VsLast, u.VsQuarter is { } q && q.Since != u.VsLast?.Since ? q : null }
                .Where(x => x is not null).Select(x => ColorTrend(x!)).ToList();
            if (changes.Count > 0)
            {
                text.Append("  ").Append(string.Join(", ", changes));
            }

            text.AppendLine();
            var indent = new string(' ', 4 + width + 2);
            foreach (var m in u.Metrics)
            {
                text.Append(indent).Append(m.Name).Append(": ").AppendLine(MetricText(m));
            }

            if (u.DistanceToGreen is { } distance)
            {
                text.Append(indent).Append("to green: ").AppendLine(distance);
            }
        }

        text.AppendLine();
        text.AppendLine(MeasureText(c.LicenseUtilization));
        text.AppendLine(MeasureText(c.Engagement));
        text.Append("Data as of ").Append(c.DataAsOf is { } d ? Date(d) : "-")
            .Append(" · scored ").Append(Date(c.AsOf)).Append(" · model ").Append(c.ModelVersion);
        if (c.StalenessWarning is { } warning)
        {
            text.AppendLine().Append("Warning: ").Append(warning);
        }

        return text.ToString();
    }

    /// <summary>"80% — green (green > 33%, higher is better)", "12.4 — yellow, below green > 40 ...", "no data".</summary>
    private static string MetricText(MetricLine m)
    {
        var direction = m.HigherIsBetter ? "higher is better" : "lower is better";
        if (m.NoData)
        {
            return $"no data (not reported; green {m.GreenThreshold}, {direction})";
        }

        var position = m.Color == HealthColor.Green ? "meets" : m.HigherIsBetter ? "below" : "above";
        return $"{m.ValueText} — {AnswerText.ColorWord(m.Color)}, {position} green {m.GreenThreshold} ({direction})";
    }

    private static string MeasureText(MeasureLine m)
    {
        var color = m.Value is null ? string.Empty : m.Color == HealthColor.Unknown ? " (not scored)" : $" ({AnswerText.ColorWord(m.Color)})";
        return $"{m.Name}: {m.ValueText}{color}{(m.Note is null ? string.Empty : " - " + m.Note)}";
    }

    private static string LevelTrend(LevelChange change, string currentModel)
    {
        var arrow = AnswerText.Arrow(change.Direction);
        var model = change.ModelVersion == currentModel ? string.Empty : $", scored with {change.ModelVersion}";
        return $"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {Date(change.Since)} (was {LevelName(change.Before)}{model})";
    }

    private static string ColorTrend(ColorChange change)
    {
        var arrow = AnswerText.Arrow(change.Direction);
        return change.Direction == TrendDirection.Same
            ? $"= since {Date(change.Since)}"
            : $"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {Date(change.Since)} (was {AnswerText.ColorWord(change.Before)})";
    }

    private static string PickList(PickListAnswer pick)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{pick.TotalMatches} accounts match \"{pick.Query}\". Which one?");
        for (var i = 0; i < pick.Choices.Count; i++)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {i + 1}. {Choice(pick.Choices[i])}");
        }

        if (pick.TotalMatches > pick.Choices.Count)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"Showing {pick.Choices.Count} of {pick.TotalMatches}: type more of the name.");
        }

        return text.AppendLine().Append("Ask again with the full name or the account id.").ToString();
    }

    private static string NotFound(NotFoundAnswer none)
    {
        if (none.Suggestions.Count == 0)
        {
            return $"No account matches \"{none.Query}\". Try part of the name or the account id; \"help\" lists the commands.";
        }

        var text = new StringBuilder($"No account matches \"{none.Query}\". Did you mean:");
        foreach (var s in none.Suggestions)
        {
            text.AppendLine().Append("  - ").Append(Choice(s));
        }

        return text.ToString();
    }

    private static string Choice(AccountChoice c)
    {
        var where = string.Join(", ", new[] { c.Segment, c.Region }.Where(x => !string.IsNullOrEmpty(x)));
        return $"{c.Name} ({c.AccountId}{(where.Length > 0 ? ", " + where : string.Empty)})";
    }

    private static string Help(HelpAnswer help)
    {
        var text = new StringBuilder();
        if (help.Note is not null)
        {
            text.AppendLine(help.Note).AppendLine();
        }

        text.AppendLine("/adoption commands:");
        var width = help.Commands.Count == 0 ? 0 : help.Commands.Max(c => c.Usage.Length);
        foreach (var command in help.Commands)
        {
            text.Append("  ").Append(command.Usage.PadRight(width)).Append("  ").AppendLine(command.Description);
        }

        text.Append("Use cases: ").Append(string.Join(", ", help.UseCases.Select(u => string.Equals(u.Id, u.Name, StringComparison.OrdinalIgnoreCase) ? u.Id : $"{u.Id} ({u.Name})")));
        return text.ToString();
    }

    private static string Explain(ExplainAnswer e)
    {
        var text = new StringBuilder();
        text.Append(e.Name).Append(" (").Append(e.UseCaseId).Append(") — ").AppendLine(e.Description);
        text.Append("Applies to: ").AppendLine(e.AppliesTo);
        text.AppendLine("Metrics:");
        foreach (var m in e.Metrics)
        {
            text.Append("  ").Append(m.Name).Append(" = ").AppendLine(m.Formula);
            text.Append("    red ").Append(m.Red).Append(" · yellow ").Append(m.Yellow).Append(" · green ").Append(m.Green)
                .Append(" (").Append(m.HigherIsBetter ? "higher is better" : "lower is better").AppendLine(")");
        }

        text.Append("How it turns green: ").AppendLine(e.HowItTurnsGreen);
        text.AppendLine(e.AcrossSubscriptions);
        text.Append("Model ").Append(e.ModelVersion);
        return text.ToString();
    }

    private static string Kpi(KpiAnswer k)
    {
        var text = new StringBuilder();
        text.Append("ARR by adoption level as of ").Append(Date(k.AsOf));
        text.AppendLine(k.PreviousAsOf is { } p ? $" (change vs {Date(p)} in percentage points)" : " (no earlier snapshot to compare)");
        foreach (var l in k.Levels)
        {
            var line = new StringBuilder();
            line.Append("  ").Append(LevelName(l.Level).PadRight(10))
                .Append(Percent(l.Share).PadLeft(7)).Append(' ').Append(Points(l.ShareChangePoints).PadLeft(9))
                .Append(Count(l.Accounts).PadLeft(10)).Append(" accounts");
            if (l.AccountsChange is { } change)
            {
                line.Append(' ').Append(Signed(change).PadLeft(6));
            }

            if (l.Arr is { } arr)
            {
                line.Append("   ARR ").Append(Money(arr));
            }

            text.AppendLine(line.ToString().TrimEnd());
        }

        text.Append(CultureInfo.InvariantCulture, $"Level {k.PlatformThreshold}+ is platform adoption. {Count(k.Accounts)} accounts");
        if (k.TotalArr is { } total)
        {
            text.Append(", ARR ").Append(Money(total));
        }

        return text.Append('.').ToString();
    }

    private static string Movers(MoversAnswer m)
    {
        var text = new StringBuilder();
        text.Append("Level changes from ").Append(m.PreviousAsOf is { } p ? Date(p) : "-").Append(" to ").Append(Date(m.AsOf)).Append(", largest ARR first");
        Section(text, "Up", "▲", m.Up, m.UpTotal);
        Section(text, "Down", "▼", m.Down, m.DownTotal);
        return text.ToString();

        static void Section(StringBuilder text, string title, string arrow, IReadOnlyList<Mover> movers, int total)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"{title} ({total}){(total == 0 ? ": none" : ":")}");
            foreach (var x in movers)
            {
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {arrow} {x.Name} ({x.AccountId}): level {x.FromLevel} -> {x.ToLevel}");
                if (x.Arr is { } arr)
                {
                    text.Append(" · ARR ").Append(Money(arr));
                }
            }

            if (total > movers.Count)
            {
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"  ... and {total - movers.Count} more");
            }
        }
    }

    private static string LevelName(string level) => level == AdoptionLevel.NoDataLabel ? "no data" : "level " + level;

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Money(decimal amount) => amount.ToString("#,0", CultureInfo.InvariantCulture);

    internal static string Count(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string Signed(int n) => (n > 0 ? "+" : string.Empty) + n.ToString(CultureInfo.InvariantCulture);

    internal static string Points(double? change) => change is not { } c
        ? string.Empty
        : (Math.Round(c, 1) > 0 ? "+" : string.Empty) + (Math.Round(c, 1) == 0 ? 0.0 : c).ToString("0.0", CultureInfo.InvariantCulture) + " pp";
}
