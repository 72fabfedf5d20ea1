using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Adaptive Cards (1.5, what Teams renders) for an <see cref="Answer"/>. Layout only: what is shown was decided by the
/// answer (ARR is null unless the viewer may see it), so the card cannot leak more than the text rendering, and it is
/// said in <see cref="Wording"/>'s words. Every phrase that can hold data is escaped with <see cref="TeamsText.Escape"/>
/// (Teams' one escaper) before our own Markdown is added. Colors are always a word and an emoji, never color alone.
/// </summary>
public static class AdaptiveCardRenderer
{
    /// <summary>Action.Execute verb of the pick-list and "did you mean" buttons; data is <c>{ "accountId": … }</c>.</summary>
    public const string PickAccountVerb = "pick_account";

    public const string AccountIdKey = "accountId";

    /// <summary>
    /// Action.Execute verb (Action.Submit fallback) of "Share in channel" on a card sent privately; data is
    /// <c>{ accountId, thread, ticket }</c> (<see cref="ShareTicket"/>).
    /// </summary>
    public const string ShareCardVerb = "share_card";

    public const string ThreadKey = "thread";
    public const string TicketKey = "ticket";

    /// <param name="answer">What to show.</param>
    /// <param name="share">
    /// For a score card sent privately after a mention in a thread: the data of its "Share in channel" action. Null: no
    /// share action (the card is already where it was asked for, or it is the shared copy).
    /// </param>
    public static JsonObject Render(Answer answer, JsonObject? share = null) => answer switch
    {
        ScoreCardAnswer card => ScoreCard(card, share, sharedBy: null),
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

    /// <summary>
    /// The public copy of a card for a thread: the answer was computed without ARR (the caller's viewer says so, as
    /// for Slack's share), laid out as any card, without a share action, saying who shared it.
    /// </summary>
    public static JsonObject Shared(ScoreCardAnswer card, string sharedBy)
    {
        ArgumentNullException.ThrowIfNull(card);
        return ScoreCard(card, share: null, sharedBy);
    }

    /// <summary>One line for notifications and clients that cannot render the card (no ARR, ever). Plain text.</summary>
    public static string Summary(Answer answer) => answer is HelpAnswer { Note: null }
        ? Wording.TeamsCommandsTitle
        : PlainTextEscaper.Escape(Wording.Summary(answer));

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

    /// <summary>Teams' one escaper for data in TextBlock and FactSet Markdown.</summary>
    private static string Esc(string? text) => TeamsText.Escape(text);

    /// <summary>A FactSet of escaped titles and values (both are Markdown in Teams).</summary>
    private static JsonObject Facts(IEnumerable<(string Title, string Value)> facts) =>
        AdaptiveElements.FactSet(facts.Select(f => (Esc(f.Title), Esc(f.Value))));

    private static JsonObject ScoreCard(ScoreCardAnswer c, JsonObject? share, string? sharedBy)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(c));
        builder.Add(
            AdaptiveElements.TextBlock($"{Esc(c.Name)} ({Esc(c.AccountId)})", TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(
                Esc(c.Headline),
                weight: TextWeight.Bolder,
                color: c.AdoptionScore is null ? TextColor.Default : c.ReachedPlatform ? TextColor.Good : TextColor.Warning));

        var facts = new List<(string, string)>();
        if (Wording.SegmentAndRegion(c.Segment, c.Region) is { Length: > 0 } where)
        {
            facts.Add(("Segment", where));
        }

        if (c.Arr is { } arr)
        {
            facts.Add(("ARR", Wording.CardArr(arr)));
        }

        facts.Add(("Owner", c.Owner ?? "-"));
        facts.Add(("CSM", c.Csm ?? "-"));
        facts.Add(("Trend", Wording.LevelTrends(c)));
        builder.Add(Facts(facts));

        foreach (var u in c.UseCases)
        {
            builder.Add(UseCase(u));
        }

        builder.Add(Facts([
            (c.LicenseUtilization.Name, Wording.Measure(c.LicenseUtilization)),
            (c.Engagement.Name, Wording.Measure(c.Engagement))]));

        builder.Add(AdaptiveElements.TextBlock(Esc(Wording.CardFooter(c)), TextSize.Small, isSubtle: true));
        if (c.StalenessWarning is { } warning)
        {
            builder.Add(AdaptiveElements.TextBlock("⚠️ " + Esc(warning), TextSize.Small, color: TextColor.Warning));
        }

        if (sharedBy is not null)
        {
            builder.Add(AdaptiveElements.TextBlock(Esc(Wording.SharedBy + " " + sharedBy), TextSize.Small, isSubtle: true));
        }

        if (share is not null)
        {
            builder.Add(AdaptiveElements.ActionSet([AdaptiveActions.Execute(Wording.ShareInChannel, ShareCardVerb, share)]));
        }

        return builder.Build();
    }

    private static JsonObject UseCase(UseCaseLine u)
    {
        var items = new List<JsonObject>
        {
            AdaptiveElements.TextBlock($"{Emoji(u.Color, u.Status)} **{Esc(u.Name)}** — {Esc(Wording.UseCaseState(u))}", color: TextColorOf(u)),
        };
        if (u.Status != UseCaseStatus.NotApplicable)
        {
            var changes = Wording.UseCaseTrends(u);
            items.Add(AdaptiveElements.TextBlock(
                Esc(changes.Count > 0 ? "Trend: " + string.Join(", ", changes) : "Trend: " + Wording.NoEarlierSnapshot),
                TextSize.Small,
                isSubtle: true));
            if (u.Metrics.Count > 0)
            {
                // The color's emoji goes before the escaped value: it is ours, not data.
                items.Add(AdaptiveElements.FactSet(u.Metrics.Select(m => (Esc(m.Name), (m.NoData ? string.Empty : Emoji(m.Color) + " ") + Esc(Wording.Metric(m))))));
            }

            if (u.DistanceToGreen is { } distance)
            {
                items.Add(AdaptiveElements.TextBlock(Esc(Wording.ToGreen + ": " + distance), TextSize.Small));
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

    private static JsonObject PickList(PickListAnswer pick)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(pick));
        builder.Add(AdaptiveElements.TextBlock(Esc(Wording.PickListHeadline(pick)), weight: TextWeight.Bolder));
        builder.Add(AdaptiveElements.ActionSet(pick.Choices.Select(PickButton)));
        if (Wording.PickListMore(pick) is { } more)
        {
            builder.Add(AdaptiveElements.TextBlock(Esc(more), TextSize.Small, isSubtle: true));
        }

        return builder.Build();
    }

    private static JsonObject NotFound(NotFoundAnswer none)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(none));
        builder.Add(AdaptiveElements.TextBlock(Esc(Wording.NotFound(none))));
        if (none.Suggestions.Count > 0)
        {
            builder.Add(AdaptiveElements.ActionSet(none.Suggestions.Select(PickButton)));
        }

        return builder.Build();
    }

    /// <summary>A button: its title is plain text in Teams (no Markdown), so only control characters are replaced.</summary>
    private static JsonObject PickButton(AccountChoice choice)
    {
        var where = Wording.ChoiceDetail(choice);
        var title = where.Length > 0 ? $"{choice.Name} ({where})" : choice.Name;
        return AdaptiveActions.Execute(PlainTextEscaper.Escape(title), PickAccountVerb, new JsonObject { [AccountIdKey] = choice.AccountId });
    }

    private static JsonObject Help(HelpAnswer help)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(TextRenderer.Render(help));
        if (help.Note is not null)
        {
            builder.Add(AdaptiveElements.TextBlock(Esc(help.Note), isSubtle: true));
        }

        builder.Add(
            AdaptiveElements.TextBlock(Esc(Wording.TeamsCommandsTitle), TextSize.Medium, TextWeight.Bolder),
            Facts(help.Commands.Select(c => (c.Usage, c.Description))),
            AdaptiveElements.TextBlock(Esc("Use cases: " + Wording.UseCaseList(help)), TextSize.Small));
        return builder.Build();
    }

    private static JsonObject Explain(ExplainAnswer e)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(e));
        builder.Add(
            AdaptiveElements.TextBlock(Esc(Wording.ExplainTitle(e)), TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(Esc(e.Description)),
            Facts([(Wording.AppliesTo, e.AppliesTo)]));
        foreach (var m in e.Metrics)
        {
            builder.Add(AdaptiveElements.Container(
                AdaptiveElements.TextBlock($"**{Esc(m.Name)}** = {Esc(m.Formula)}"),
                AdaptiveElements.FactSet(
                    ("🔴 red", Esc(m.Red)),
                    ("🟡 yellow", Esc(m.Yellow)),
                    ("🟢 green", Esc(m.Green)),
                    ("Direction", Esc(Wording.Direction(m.HigherIsBetter))))));
        }

        builder.Add(
            AdaptiveElements.TextBlock(Esc(Wording.HowItTurnsGreen + ": " + e.HowItTurnsGreen)),
            AdaptiveElements.TextBlock(Esc(e.AcrossSubscriptions), TextSize.Small),
            AdaptiveElements.TextBlock(Esc("Model " + e.ModelVersion), TextSize.Small, isSubtle: true));
        return builder.Build();
    }

    private static JsonObject Kpi(KpiAnswer k)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(Summary(k));
        builder.Add(
            AdaptiveElements.TextBlock(Esc(Wording.KpiTitle(k)), TextSize.Medium, TextWeight.Bolder),
            AdaptiveElements.TextBlock(Esc(Capitalized(Wording.KpiComparison(k))), TextSize.Small, isSubtle: true));
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
                Esc(Wording.LevelName(l.Level)),
                Esc(Figures.Share(l.Share)),
                Esc(l.ShareChangePoints is { } points ? Figures.Points(points) : "-"),
                Esc(Figures.Count(l.Accounts) + (l.AccountsChange is { } change ? $" ({Figures.CountChange(change)})" : string.Empty)),
            };
            if (showArr)
            {
                row.Add(Esc(l.Arr is { } arr ? Figures.Money(arr) : "-"));
            }

            return (IReadOnlyList<string>)row;
        });
        builder.Add(AdaptiveElements.TextTable(headers, rows));
        builder.Add(AdaptiveElements.TextBlock(Esc(Wording.KpiFooter(k)), TextSize.Small));
        return builder.Build();
    }

    private static JsonObject Movers(MoversAnswer m)
    {
        var builder = new AdaptiveCardBuilder().WithFallbackText(Summary(m));
        builder.Add(AdaptiveElements.TextBlock(Esc(Wording.MoversHeadline(m)), TextSize.Medium, TextWeight.Bolder));
        Section("Up", "▲", m.Up, m.UpTotal, TextColor.Good);
        Section("Down", "▼", m.Down, m.DownTotal, TextColor.Attention);
        return builder.Build();

        void Section(string title, string arrow, IReadOnlyList<Mover> movers, int total, TextColor color)
        {
            builder.Add(AdaptiveElements.TextBlock(Esc(Wording.MoverSection(title, total)), weight: TextWeight.Bolder, color: color));
            if (movers.Count > 0)
            {
                builder.Add(AdaptiveElements.FactSet(movers.Select(x => ($"{arrow} {Esc(x.Name)}", Esc(Wording.MoverChange(x))))));
            }

            if (total > movers.Count)
            {
                builder.Add(AdaptiveElements.TextBlock(Esc(Wording.More(total - movers.Count)), TextSize.Small, isSubtle: true));
            }
        }
    }

    private static JsonObject Error(ErrorAnswer error) =>
        new AdaptiveCardBuilder().WithFallbackText(PlainTextEscaper.Escape(error.Message))
            .Add(AdaptiveElements.TextBlock("⚠️ " + Esc(error.Message), color: TextColor.Warning))
            .Build();

    /// <summary>A phrase that starts a line of its own (a subtitle).</summary>
    private static string Capitalized(string phrase) => phrase.Length == 0 ? phrase : char.ToUpperInvariant(phrase[0]) + phrase[1..];
}
