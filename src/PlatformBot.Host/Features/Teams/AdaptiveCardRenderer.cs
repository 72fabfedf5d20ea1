using System.Globalization;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Adaptive Cards (1.5, what Teams renders) for an <see cref="Answer"/>. Layout only: what is shown was decided by the
/// answer (ARR is null unless the viewer may see it), so the card cannot leak more than the text rendering.
/// Colors are always a word and an emoji, never color alone.
/// </summary>
public static class AdaptiveCardRenderer
{
    /// <summary>Action.Execute verb of the pick-list and "did you mean" buttons; data is <c>{ "accountId": … }</c>.</summary>
    public const string PickAccountVerb = "pick_account";

    public const string AccountIdKey = "accountId";

    public static JsonObject Render(Answer answer) => answer switch
    {
        ScoreCardAnswer card => ScoreCard(card),
        PickListAnswer pick => PickList(pick),
        NotFoundAnswer none => NotFound(none),
        HelpAnswer help => Help(help),
        ExplainAnswer explain => Explain(explain),
        KpiAnswer kpi => Kpi(kpi),
        MoversAnswer movers => Movers(movers),
        ErrorAnswer error => Error(error),
        null => throw new ArgumentNullException(nameof(answer)),
        _ => throw new ArgumentException($"No Adaptive Card rendering for {answer.GetType().Name}.", nameof(answer)),
    };

    /// <summary>One line for notifications and clients that cannot render the card (no ARR, ever).</summary>
    public static string Summary(Answer answer) => answer switch
    {
        ScoreCardAnswer c => $"{c.Name}: {c.Headline}",
        PickListAnswer p => $"{p.TotalMatches} accounts match \"{p.Query}\". Which one?",
        NotFoundAnswer n => $"No account matches \"{n.Query}\".",
        HelpAnswer => "PlatformBot commands",
        ExplainAnswer e => $"{e.Name}: how it turns green",
        KpiAnswer k => $"Adoption levels as of {TextRenderer.Date(k.AsOf)}",
        MoversAnswer m => $"Level changes: {m.UpTotal} up, {m.DownTotal} down",
        ErrorAnswer e => e.Message,
        _ => "PlatformBot",
    };

    public static string Emoji(HealthColor color, UseCaseStatus status = UseCaseStatus.Scored) => status switch
    {
        UseCaseStatus.NotApplicable => "➖",
        UseCaseStatus.NoData => "⚪",
        _ => color switch
        {
            HealthColor.Green => "🟢",
            HealthColor.Yellow => "🟡",
            HealthColor.Red => "🔴",
            _ => "⚪",
        },
    };

    private static JsonObject ScoreCard(ScoreCardAnswer c)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(c));
        builder.Add(
            AdaptiveElements.TextBlock($"{c.Name} ({c.AccountId})", TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(
                c.Headline,
                weight: TextWeight.Bolder,
                color: c.AdoptionScore is null ? TextColor.Default : c.ReachedPlatform ? TextColor.Good : TextColor.Warning));

        var facts = new List<(string, string)>();
        if (c.Segment is not null || c.Region is not null)
        {
            facts.Add(("Segment", string.Join(" / ", new[] { c.Segment, c.Region }.Where(x => x is not null))));
        }

        if (c.Arr is { } arr)
        {
            facts.Add(("ARR", TextRenderer.Money(arr)));
        }

        facts.Add(("Owner", c.Owner ?? "-"));
        facts.Add(("CSM", c.Csm ?? "-"));
        facts.Add(("Trend", LevelTrends(c)));
        builder.Add(AdaptiveElements.FactSet(facts));

        foreach (var u in c.UseCases)
        {
            builder.Add(UseCase(u));
        }

        builder.Add(AdaptiveElements.FactSet(
            (c.LicenseUtilization.Name, Measure(c.LicenseUtilization)),
            (c.Engagement.Name, Measure(c.Engagement))));

        builder.Add(AdaptiveElements.TextBlock(
            $"Data as of {(c.DataAsOf is { } d ? TextRenderer.Date(d) : "-")} · scored {TextRenderer.Date(c.AsOf)} · model {c.ModelVersion}",
            TextSize.Small,
            isSubtle: true));
        if (c.StalenessWarning is { } warning)
        {
            builder.Add(AdaptiveElements.TextBlock("⚠️ " + warning, TextSize.Small, color: TextColor.Warning));
        }

        return builder.Build();
    }

    private static JsonObject UseCase(UseCaseLine u)
    {
        var items = new List<JsonObject>();
        var status = u.Status switch
        {
            UseCaseStatus.NotApplicable => "not applicable" + (u.Plans.Count > 0 ? $" (only on {string.Join(", ", u.Plans)})" : string.Empty),
            UseCaseStatus.NoData => "no data (not reported - not counted as red)",
            _ => AnswerText.ColorWord(u.Color),
        };
        var changes = new[] { u.VsLast, u.VsQuarter is { } q && q.Since != u.VsLast?.Since ? q : null }
            .Where(x => x is not null).Select(x => ColorTrend(x!)).ToList();
        var heading = $"{Emoji(u.Color, u.Status)} **{u.Name}** — {status}";
        items.Add(AdaptiveElements.TextBlock(heading, color: TextColorOf(u)));
        if (u.Status != UseCaseStatus.NotApplicable)
        {
            items.Add(AdaptiveElements.TextBlock(
                changes.Count > 0 ? "Trend: " + string.Join(", ", changes) : "Trend: no earlier snapshot",
                TextSize.Small,
                isSubtle: true));
            if (u.Metrics.Count > 0)
            {
                items.Add(AdaptiveElements.FactSet(u.Metrics.Select(m => (m.Name, Metric(m)))));
            }

            if (u.DistanceToGreen is { } distance)
            {
                items.Add(AdaptiveElements.TextBlock("To green: " + distance, TextSize.Small));
            }
        }

        var style = u.Status != UseCaseStatus.Scored ? ContainerStyle.Emphasis : u.Color switch
        {
            HealthColor.Green => ContainerStyle.Good,
            HealthColor.Yellow => ContainerStyle.Warning,
            HealthColor.Red => ContainerStyle.Attention,
            _ => ContainerStyle.Emphasis,
        };
        return AdaptiveElements.Container(style, items);
    }

    private static TextColor TextColorOf(UseCaseLine u) => u.Status != UseCaseStatus.Scored ? TextColor.Default : u.Color switch
    {
        HealthColor.Green => TextColor.Good,
        HealthColor.Yellow => TextColor.Warning,
        HealthColor.Red => TextColor.Attention,
        _ => TextColor.Default,
    };

    private static string Metric(MetricLine m)
    {
        var direction = m.HigherIsBetter ? "higher is better" : "lower is better";
        if (m.NoData)
        {
            return $"no data (green {m.GreenThreshold}, {direction})";
        }

        return $"{Emoji(m.Color)} {m.ValueText} vs green {m.GreenThreshold} ({AnswerText.ColorWord(m.Color)}, {direction})";
    }

    private static string Measure(MeasureLine m)
    {
        var color = m.Value is null ? string.Empty : m.Color == HealthColor.Unknown ? " (not scored)" : $" ({AnswerText.ColorWord(m.Color)})";
        return $"{m.ValueText}{color}{(m.Note is null ? string.Empty : " - " + m.Note)}";
    }

    private static string LevelTrends(ScoreCardAnswer c)
    {
        var trend = new List<string>();
        if (c.VsLast is { } last)
        {
            trend.Add(LevelTrend(last, c.ModelVersion));
        }

        if (c.VsQuarter is { } quarter && quarter.Since != c.VsLast?.Since)
        {
            trend.Add(LevelTrend(quarter, c.ModelVersion));
        }

        return trend.Count > 0 ? string.Join("; ", trend) : "no earlier snapshot stored yet";
    }

    private static string LevelTrend(LevelChange change, string currentModel)
    {
        var arrow = AnswerText.Arrow(change.Direction);
        var model = change.ModelVersion == currentModel ? string.Empty : $", scored with {change.ModelVersion}";
        return $"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {TextRenderer.Date(change.Since)} (was level {change.Before}{model})";
    }

    private static string ColorTrend(ColorChange change)
    {
        var arrow = AnswerText.Arrow(change.Direction);
        return change.Direction == TrendDirection.Same
            ? $"= since {TextRenderer.Date(change.Since)}"
            : $"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {TextRenderer.Date(change.Since)} (was {AnswerText.ColorWord(change.Before)})";
    }

    private static JsonObject PickList(PickListAnswer pick)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(pick));
        builder.Add(AdaptiveElements.TextBlock(
            string.Create(CultureInfo.InvariantCulture, $"{pick.TotalMatches} accounts match \"{pick.Query}\". Which one?"),
            weight: TextWeight.Bolder));
        builder.Add(AdaptiveElements.ActionSet(pick.Choices.Select(PickButton)));
        if (pick.TotalMatches > pick.Choices.Count)
        {
            builder.Add(AdaptiveElements.TextBlock(
                string.Create(CultureInfo.InvariantCulture, $"Showing {pick.Choices.Count} of {pick.TotalMatches}: type more of the name."),
                TextSize.Small,
                isSubtle: true));
        }

        return builder.Build();
    }

    private static JsonObject NotFound(NotFoundAnswer none)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(none));
        if (none.Suggestions.Count == 0)
        {
            builder.Add(AdaptiveElements.TextBlock(
                $"No account matches \"{none.Query}\". Try part of the name or the account id; \"help\" lists the commands."));
            return builder.Build();
        }

        builder.Add(
            AdaptiveElements.TextBlock($"No account matches \"{none.Query}\". Did you mean:"),
            AdaptiveElements.ActionSet(none.Suggestions.Select(PickButton)));
        return builder.Build();
    }

    private static JsonObject PickButton(AccountChoice choice)
    {
        var where = string.Join(", ", new[] { choice.Segment, choice.Region }.Where(x => !string.IsNullOrEmpty(x)));
        var title = where.Length > 0 ? $"{choice.Name} ({where})" : choice.Name;
        return AdaptiveActions.Execute(title, PickAccountVerb, new JsonObject { [AccountIdKey] = choice.AccountId });
    }

    private static JsonObject Help(HelpAnswer help)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(help));
        if (help.Note is not null)
        {
            builder.Add(AdaptiveElements.TextBlock(help.Note, isSubtle: true));
        }

        builder.Add(
            AdaptiveElements.TextBlock("PlatformBot commands", TextSize.Medium, TextWeight.Bolder),
            AdaptiveElements.FactSet(help.Commands.Select(c => (c.Usage, c.Description))),
            AdaptiveElements.TextBlock(
                "Use cases: " + string.Join(", ", help.UseCases.Select(u => string.Equals(u.Id, u.Name, StringComparison.OrdinalIgnoreCase) ? u.Id : $"{u.Id} ({u.Name})")),
                TextSize.Small));
        return builder.Build();
    }

    private static JsonObject Explain(ExplainAnswer e)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(e));
        builder.Add(
            AdaptiveElements.TextBlock($"{e.Name} ({e.UseCaseId})", TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(e.Description),
            AdaptiveElements.FactSet(("Applies to", e.AppliesTo)));
        foreach (var m in e.Metrics)
        {
            builder.Add(AdaptiveElements.Container(
                AdaptiveElements.TextBlock($"**{m.Name}** = {m.Formula}"),
                AdaptiveElements.FactSet(
                    ("🔴 red", m.Red),
                    ("🟡 yellow", m.Yellow),
                    ("🟢 green", m.Green),
                    ("Direction", m.HigherIsBetter ? "higher is better" : "lower is better"))));
        }

        builder.Add(
            AdaptiveElements.TextBlock("How it turns green: " + e.HowItTurnsGreen),
            AdaptiveElements.TextBlock(e.AcrossSubscriptions, TextSize.Small),
            AdaptiveElements.TextBlock("Model " + e.ModelVersion, TextSize.Small, isSubtle: true));
        return builder.Build();
    }

    private static JsonObject Kpi(KpiAnswer k)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(k));
        builder.Add(
            AdaptiveElements.TextBlock($"ARR by adoption level as of {TextRenderer.Date(k.AsOf)}", TextSize.Medium, TextWeight.Bolder),
            AdaptiveElements.TextBlock(
                k.PreviousAsOf is { } p ? $"Change vs {TextRenderer.Date(p)} in percentage points" : "No earlier snapshot to compare",
                TextSize.Small,
                isSubtle: true));
        var showArr = k.TotalArr is not null || k.Levels.Any(l => l.Arr is not null);
        var headers = new List<string> { "Level", "Share", "Change", "Accounts" };
        if (showArr)
        {
            headers.Add("ARR");
        }

        var rows = k.Levels.Select(l =>
        {
            var row = new List<string>
            {
                l.Level == AdoptionLevel.NoDataLabel ? "no data" : "level " + l.Level,
                TextRenderer.Percent(l.Share),
                TextRenderer.Points(l.ShareChangePoints) is { Length: > 0 } points ? points : "-",
                TextRenderer.Count(l.Accounts) + (l.AccountsChange is { } change ? $" ({TextRenderer.Signed(change)})" : string.Empty),
            };
            if (showArr)
            {
                row.Add(l.Arr is { } arr ? TextRenderer.Money(arr) : "-");
            }

            return (IReadOnlyList<string>)row;
        });
        builder.Add(AdaptiveElements.TextTable(headers, rows));
        var footer = string.Create(CultureInfo.InvariantCulture, $"Level {k.PlatformThreshold}+ is platform adoption. {TextRenderer.Count(k.Accounts)} accounts");
        if (k.TotalArr is { } total)
        {
            footer += ", ARR " + TextRenderer.Money(total);
        }

        builder.Add(AdaptiveElements.TextBlock(footer + ".", TextSize.Small));
        return builder.Build();
    }

    private static JsonObject Movers(MoversAnswer m)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(Summary(m));
        builder.Add(AdaptiveElements.TextBlock(
            $"Level changes from {(m.PreviousAsOf is { } p ? TextRenderer.Date(p) : "-")} to {TextRenderer.Date(m.AsOf)}, largest ARR first",
            TextSize.Medium,
            TextWeight.Bolder));
        Section("Up", "▲", m.Up, m.UpTotal, TextColor.Good);
        Section("Down", "▼", m.Down, m.DownTotal, TextColor.Attention);
        return builder.Build();

        void Section(string title, string arrow, IReadOnlyList<Mover> movers, int total, TextColor color)
        {
            builder.Add(AdaptiveElements.TextBlock(
                string.Create(CultureInfo.InvariantCulture, $"{title} ({total}){(total == 0 ? ": none" : string.Empty)}"),
                weight: TextWeight.Bolder,
                color: color));
            if (movers.Count > 0)
            {
                builder.Add(AdaptiveElements.FactSet(movers.Select(x => (
                    $"{arrow} {x.Name}",
                    $"level {x.FromLevel} → {x.ToLevel}" + (x.Arr is { } arr ? " · ARR " + TextRenderer.Money(arr) : string.Empty)))));
            }

            if (total > movers.Count)
            {
                builder.Add(AdaptiveElements.TextBlock(
                    string.Create(CultureInfo.InvariantCulture, $"... and {total - movers.Count} more"), TextSize.Small, isSubtle: true));
            }
        }
    }

    private static JsonObject Error(ErrorAnswer error) =>
        new AdaptiveCardBuilder().WithFallbackText(error.Message)
            .Add(AdaptiveElements.TextBlock("⚠️ " + error.Message, color: TextColor.Warning))
            .Build();
}
