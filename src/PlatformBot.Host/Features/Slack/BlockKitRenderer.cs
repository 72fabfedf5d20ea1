using System.Text;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Block Kit for an <see cref="Answer"/>: the same content as <see cref="TextRenderer"/>, in <see cref="Wording"/>'s
/// words, laid out for Slack. Every phrase that can hold data is escaped with <see cref="SlackText.Escape"/> (Slack's
/// one escaper) and every mrkdwn text is verbatim; plain text (the header, button labels) goes through
/// <see cref="PlainTextEscaper.Escape"/>. Top-level text is always set, and the result is passed through
/// <see cref="BlockKitLimits.Apply(SlackMessage)"/>.
/// </summary>
public static class BlockKitRenderer
{
    public const string ShareCardAction = "share_card";
    public const string PickAccountAction = "pick_account";

    public static SlackMessage Render(Answer answer, bool forSharing = false)
    {
        var blocks = answer switch
        {
            ScoreCardAnswer card => Card(card, forSharing),
            PickListAnswer pick => PickList(pick),
            NotFoundAnswer none => NotFound(none),
            HelpAnswer help => Help(help),
            ExplainAnswer explain => Explain(explain),
            KpiAnswer kpi => Kpi(kpi),
            MoversAnswer movers => Movers(movers),
            ErrorAnswer error => [Section(":warning: " + Esc(error.Message))],
            null => throw new ArgumentNullException(nameof(answer)),
            _ => throw new ArgumentException($"No Block Kit rendering for {answer.GetType().Name}.", nameof(answer)),
        };

        // Top-level text is mrkdwn too (notifications, screen readers): escaped like the blocks.
        return BlockKitLimits.Apply(new SlackMessage { Text = Esc(Wording.Summary(answer)), Blocks = blocks }).Value;
    }

    public static string Marker(HealthColor color, UseCaseStatus status = UseCaseStatus.Scored) => status switch
    {
        UseCaseStatus.NotApplicable or UseCaseStatus.NoData => ":white_circle:",
        _ => color switch
        {
            HealthColor.Green => ":large_green_circle:",
            HealthColor.Yellow => ":large_yellow_circle:",
            HealthColor.Red => ":red_circle:",
            _ => ":white_circle:",
        },
    };

    /// <summary>Slack's one escaper for data in mrkdwn.</summary>
    private static string Esc(string? text) => SlackText.Escape(text);

    /// <summary>Every mrkdwn text here carries data: verbatim, so Slack links nothing in it by itself.</summary>
    private static SectionBlock Section(string mrkdwn) => SectionBlock.VerbatimMrkdwn(mrkdwn);

    private static MrkdwnText Mrkdwn(string mrkdwn) => TextObject.VerbatimMrkdwn(mrkdwn);

    private static List<Block> Card(ScoreCardAnswer c, bool forSharing)
    {
        var blocks = new List<Block>
        {
            HeaderBlock.Create(PlainTextEscaper.Escape(c.Name)),
        };

        var where = Wording.SegmentAndRegion(c.Segment, c.Region);
        var intro = new StringBuilder("*").Append(Esc(c.Headline)).Append('*');
        intro.Append('\n').Append(Esc(c.AccountId)).Append(where.Length > 0 ? " · " + Esc(where) : string.Empty);
        if (c.VsLast is not null || c.VsQuarter is not null)
        {
            intro.Append('\n').Append(Esc(Wording.LevelTrends(c)));
        }

        blocks.Add(Section(intro.ToString()));

        var fields = new List<TextObject>();
        if (c.Arr is { } arr)
        {
            fields.Add(Mrkdwn("*ARR*\n" + Esc(Wording.CardArr(arr))));
        }

        fields.Add(Mrkdwn("*Owner*\n" + (c.Owner is null ? "-" : Esc(c.Owner))));
        fields.Add(Mrkdwn("*CSM*\n" + (c.Csm is null ? "-" : Esc(c.Csm))));
        blocks.Add(new SectionBlock { Fields = fields });
        blocks.Add(new DividerBlock());

        foreach (var u in c.UseCases)
        {
            blocks.Add(Section(UseCase(u)));
        }

        blocks.Add(Section(Measure(c.LicenseUtilization) + "\n" + Measure(c.Engagement)));
        blocks.Add(new ContextBlock([Mrkdwn(Esc(Wording.CardFooter(c))), Mrkdwn(Esc(Wording.DirectionNote))]));
        if (c.StalenessWarning is { } warning)
        {
            blocks.Add(new ContextBlock([Mrkdwn(":warning: " + Esc(warning))]));
        }

        if (!forSharing)
        {
            blocks.Add(new ActionsBlock([new ButtonElement(new PlainText(Wording.ShareInChannel), ShareCardAction) { Value = c.AccountId }]));
        }

        return blocks;
    }

    private static string UseCase(UseCaseLine u)
    {
        var text = new StringBuilder();
        text.Append(Marker(u.Color, u.Status)).Append(" *").Append(Esc(u.Name)).Append("* — ").Append(Esc(Wording.UseCaseState(u)));
        if (u.Status == UseCaseStatus.NotApplicable)
        {
            return text.ToString();
        }

        if (Wording.UseCaseTrends(u) is { Count: > 0 } changes)
        {
            text.Append("  ").Append(Esc(string.Join(", ", changes)));
        }

        foreach (var m in u.Metrics)
        {
            text.Append("\n• ").Append(Esc(m.Name)).Append(": ").Append(Esc(Wording.Metric(m)));
        }

        if (u.DistanceToGreen is { } distance)
        {
            text.Append("\n_").Append(Wording.ToGreen).Append(":_ ").Append(Esc(distance));
        }

        return text.ToString();
    }

    private static string Measure(MeasureLine m) => "*" + Esc(m.Name) + "*: " + Esc(Wording.Measure(m));

    private static SectionBlock ChoiceSection(AccountChoice choice)
    {
        var where = Wording.ChoiceDetail(choice);
        return new SectionBlock
        {
            Text = Mrkdwn("*" + Esc(choice.Name) + "* · " + Esc(choice.AccountId) + (where.Length > 0 ? " · " + Esc(where) : string.Empty)),
            // One button per block: Slack wants action ids unique within a block, and every choice is "pick_account".
            Accessory = new ButtonElement(new PlainText(PlainTextEscaper.Escape(choice.Name)), PickAccountAction) { Value = choice.AccountId },
        };
    }

    /// <summary>
    /// The best matches as buttons; the next ones (up to Slack's 100 options) in a select menu whose action id is the
    /// buttons' own, so picking from it opens that account's card through the same interaction.
    /// </summary>
    private static List<Block> PickList(PickListAnswer pick)
    {
        var blocks = new List<Block> { Section(Esc(Wording.PickListHeadline(pick))) };
        blocks.AddRange(pick.Choices.Select(ChoiceSection));

        // An id longer than an option value may be cannot be offered (cut, it would name another account).
        var offered = pick with
        {
            More = [.. pick.More.Where(c => c.AccountId.Length <= BlockKitLimits.MaxOptionValue).Take(BlockKitLimits.MaxOptions)],
        };
        if (Wording.PickListMoreInList(offered) is { } more)
        {
            blocks.Add(new ContextBlock([Mrkdwn(Esc(more))]));
        }

        if (offered.More.Count > 0)
        {
            var options = offered.More.Select(c => new SlackOption(new PlainText(OptionText(c.Name, c.AccountId)), c.AccountId)).ToList();
            var placeholder = new PlainText(PlainTextEscaper.Escape(Wording.PickListMorePlaceholder(offered)));
            blocks.Add(new ActionsBlock([new StaticSelectElement(PickAccountAction, placeholder) { Options = options }]));
        }

        return blocks;
    }

    /// <summary>"Acme Corp · A-1", cut to Slack's 75 characters for option text (the id stays visible).</summary>
    internal static string OptionText(string name, string accountId)
    {
        const int max = BlockKitLimits.MaxOptionText;
        name = PlainTextEscaper.Escape(name);
        var suffix = " · " + accountId;
        if (name.Length + suffix.Length <= max)
        {
            return name + suffix;
        }

        return suffix.Length >= max - 2 ? accountId[..Math.Min(max, accountId.Length)] : name[..(max - suffix.Length - 1)] + "…" + suffix;
    }

    private static List<Block> NotFound(NotFoundAnswer none)
    {
        var blocks = new List<Block> { Section(Esc(Wording.NotFound(none))) };
        blocks.AddRange(none.Suggestions.Select(ChoiceSection));
        return blocks;
    }

    private static List<Block> Help(HelpAnswer help)
    {
        var blocks = new List<Block>();
        if (help.Note is not null)
        {
            blocks.Add(Section(":information_source: " + Esc(help.Note)));
        }

        var commands = new StringBuilder("*").Append(Esc(Wording.CommandsTitle)).Append('*');
        foreach (var command in help.Commands)
        {
            commands.Append("\n• `/adoption ").Append(Esc(command.Usage)).Append("` — ").Append(Esc(command.Description));
        }

        blocks.Add(Section(commands.ToString()));
        blocks.Add(Section("*Use cases*: " + Esc(Wording.UseCaseList(help))));
        return blocks;
    }

    private static List<Block> Explain(ExplainAnswer e)
    {
        var blocks = new List<Block>
        {
            HeaderBlock.Create(PlainTextEscaper.Escape(Wording.ExplainTitle(e))),
            Section(Esc(e.Description) + "\n*" + Wording.AppliesTo + ":* " + Esc(e.AppliesTo)),
        };
        foreach (var m in e.Metrics)
        {
            blocks.Add(Section(
                "*" + Esc(m.Name) + "* = " + Esc(m.Formula)
                + $"\n:red_circle: {Esc(m.Red)}  :large_yellow_circle: {Esc(m.Yellow)}  :large_green_circle: {Esc(m.Green)}  ({Wording.Direction(m.HigherIsBetter)})"));
        }

        blocks.Add(Section("*" + Wording.HowItTurnsGreen + ":* " + Esc(e.HowItTurnsGreen) + "\n" + Esc(e.AcrossSubscriptions)));
        blocks.Add(new ContextBlock([Mrkdwn("Model " + Esc(e.ModelVersion))]));
        return blocks;
    }

    private static List<Block> Kpi(KpiAnswer k)
    {
        var lines = new StringBuilder("*").Append(Esc(Wording.KpiHeadline(k))).Append('*');
        foreach (var l in k.Levels)
        {
            lines.Append("\n• *").Append(Esc(Wording.LevelName(l.Level))).Append("*: ").Append(Figures.Share(l.Share));
            if (l.ShareChangePoints is { } points)
            {
                lines.Append(" (").Append(Figures.Points(points)).Append(')');
            }

            lines.Append(" · ").Append(Figures.Count(l.Accounts)).Append(" accounts");
            if (l.AccountsChange is { } change)
            {
                lines.Append(" (").Append(Figures.CountChange(change)).Append(')');
            }

            if (l.Arr is { } arr)
            {
                lines.Append(" · ARR ").Append(Esc(Figures.Money(arr)));
            }
        }

        return [Section(lines.ToString()), new ContextBlock([Mrkdwn(Esc(Wording.KpiFooter(k)))])];
    }

    private static List<Block> Movers(MoversAnswer m) =>
    [
        Section("*" + Esc(Wording.MoversHeadline(m)) + "*"),
        Section(MoverList("Up", "▲", m.Up, m.UpTotal)),
        Section(MoverList("Down", "▼", m.Down, m.DownTotal)),
    ];

    private static string MoverList(string title, string arrow, IReadOnlyList<Mover> movers, int total)
    {
        var text = new StringBuilder("*").Append(Esc(Wording.MoverSection(title, total))).Append('*');
        foreach (var x in movers)
        {
            text.Append('\n').Append(arrow).Append(' ').Append(Esc(Wording.Mover(x)));
        }

        if (total > movers.Count)
        {
            text.Append('\n').Append(Esc(Wording.More(total - movers.Count)));
        }

        return text.ToString();
    }
}
