using System.Globalization;
using System.Text;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Plain text for an <see cref="Answer"/>: what `platformbot ask` prints, and the fallback when a platform rejects
/// rich content. No emoji and no markup; colors are words with a bracketed marker ([G] [Y] [R], [?] no data,
/// [-] not in plan) so the card reads the same in any terminal or screen reader. The words are <see cref="Wording"/>'s,
/// the figures <see cref="Figures"/>'; data goes through <see cref="PlainTextEscaper.Escape"/>.
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
        ErrorAnswer error => P(error.Message),
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

    /// <summary>Data through the CLI's escaper: no control character reaches the terminal.</summary>
    private static string P(string? text) => PlainTextEscaper.Escape(text);

    private static string Card(ScoreCardAnswer c)
    {
        var text = new StringBuilder();
        text.Append(P(c.Name)).Append(" (").Append(P(c.AccountId)).Append(") — ").Append(c.Headline).AppendLine();

        var facts = new List<string>();
        if (Wording.SegmentAndRegion(c.Segment, c.Region) is { Length: > 0 } where)
        {
            facts.Add(P(where));
        }

        if (c.Arr is { } arr)
        {
            facts.Add("ARR " + Wording.CardArr(arr));
        }

        facts.Add("owner " + (c.Owner is null ? "-" : P(c.Owner)));
        facts.Add("CSM " + (c.Csm is null ? "-" : P(c.Csm)));
        text.AppendLine(string.Join(" · ", facts));
        text.Append("Trend: ").AppendLine(P(Wording.LevelTrends(c)));
        text.AppendLine();

        var width = c.UseCases.Count == 0 ? 0 : c.UseCases.Max(u => u.Name.Length);
        foreach (var u in c.UseCases)
        {
            text.Append(Marker(u.Color, u.Status)).Append(' ').Append(P(u.Name).PadRight(width)).Append("  ").Append(P(Wording.UseCaseState(u)));
            if (u.Status == UseCaseStatus.NotApplicable)
            {
                text.AppendLine();
                continue;
            }

            var changes = Wording.UseCaseTrends(u);
            if (changes.Count > 0)
            {
                text.Append("  ").Append(P(string.Join(", ", changes)));
            }

            text.AppendLine();
            var indent = new string(' ', 4 + width + 2);
            foreach (var m in u.Metrics)
            {
                text.Append(indent).Append(P(m.Name)).Append(": ").AppendLine(P(Wording.Metric(m)));
            }

            if (u.DistanceToGreen is { } distance)
            {
                text.Append(indent).Append(Wording.ToGreen).Append(": ").AppendLine(P(distance));
            }
        }

        text.AppendLine();
        text.Append(P(c.LicenseUtilization.Name)).Append(": ").AppendLine(P(Wording.Measure(c.LicenseUtilization)));
        text.Append(P(c.Engagement.Name)).Append(": ").AppendLine(P(Wording.Measure(c.Engagement)));
        text.Append(P(Wording.CardFooter(c)));
        if (c.StalenessWarning is { } warning)
        {
            text.AppendLine().Append("Warning: ").Append(P(warning));
        }

        return text.ToString();
    }

    private static string PickList(PickListAnswer pick)
    {
        var text = new StringBuilder(P(Wording.PickListHeadline(pick)));
        for (var i = 0; i < pick.Choices.Count; i++)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {i + 1}. {P(Wording.Choice(pick.Choices[i]))}");
        }

        if (Wording.PickListMore(pick) is { } more)
        {
            text.AppendLine().Append(more);
        }

        return text.AppendLine().Append(Wording.PickListHint).ToString();
    }

    private static string NotFound(NotFoundAnswer none)
    {
        var text = new StringBuilder(P(Wording.NotFound(none)));
        foreach (var s in none.Suggestions)
        {
            text.AppendLine().Append("  - ").Append(P(Wording.Choice(s)));
        }

        return text.ToString();
    }

    private static string Help(HelpAnswer help)
    {
        var text = new StringBuilder();
        if (help.Note is not null)
        {
            text.AppendLine(P(help.Note)).AppendLine();
        }

        text.Append(Wording.CommandsTitle).AppendLine(":");
        var width = help.Commands.Count == 0 ? 0 : help.Commands.Max(c => c.Usage.Length);
        foreach (var command in help.Commands)
        {
            text.Append("  ").Append(P(command.Usage).PadRight(width)).Append("  ").AppendLine(P(command.Description));
        }

        text.Append("Use cases: ").Append(P(Wording.UseCaseList(help)));
        return text.ToString();
    }

    private static string Explain(ExplainAnswer e)
    {
        var text = new StringBuilder();
        text.Append(P(Wording.ExplainTitle(e))).Append(" — ").AppendLine(P(e.Description));
        text.Append(Wording.AppliesTo).Append(": ").AppendLine(P(e.AppliesTo));
        text.AppendLine("Metrics:");
        foreach (var m in e.Metrics)
        {
            text.Append("  ").Append(P(m.Name)).Append(" = ").AppendLine(P(m.Formula));
            text.Append("    ").AppendLine(P(Wording.Bands(m)));
        }

        text.Append(Wording.HowItTurnsGreen).Append(": ").AppendLine(P(e.HowItTurnsGreen));
        text.AppendLine(P(e.AcrossSubscriptions));
        text.Append("Model ").Append(P(e.ModelVersion));
        return text.ToString();
    }

    private static string Kpi(KpiAnswer k)
    {
        var text = new StringBuilder();
        text.AppendLine(Wording.KpiHeadline(k));
        foreach (var l in k.Levels)
        {
            var line = new StringBuilder();
            line.Append("  ").Append(P(Wording.LevelName(l.Level)).PadRight(10))
                .Append(Figures.Share(l.Share).PadLeft(7)).Append(' ').Append((l.ShareChangePoints is { } points ? Figures.Points(points) : string.Empty).PadLeft(9))
                .Append(Figures.Count(l.Accounts).PadLeft(10)).Append(" accounts");
            if (l.AccountsChange is { } change)
            {
                line.Append(' ').Append(Figures.CountChange(change).PadLeft(6));
            }

            if (l.Arr is { } arr)
            {
                line.Append("   ARR ").Append(Figures.Money(arr));
            }

            text.AppendLine(line.ToString().TrimEnd());
        }

        return text.Append(Wording.KpiFooter(k)).ToString();
    }

    private static string Movers(MoversAnswer m)
    {
        var text = new StringBuilder(Wording.MoversHeadline(m));
        Section(text, "Up", "▲", m.Up, m.UpTotal);
        Section(text, "Down", "▼", m.Down, m.DownTotal);
        return text.ToString();

        static void Section(StringBuilder text, string title, string arrow, IReadOnlyList<Mover> movers, int total)
        {
            text.AppendLine().Append(Wording.MoverSection(title, total));
            foreach (var x in movers)
            {
                text.AppendLine().Append("  ").Append(arrow).Append(' ').Append(P(Wording.Mover(x)));
            }

            if (total > movers.Count)
            {
                text.AppendLine().Append("  ").Append(Wording.More(total - movers.Count));
            }
        }
    }
}
