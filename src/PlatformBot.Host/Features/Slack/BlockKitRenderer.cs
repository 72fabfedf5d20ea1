using System.Globalization;
using System.Text;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// Block Kit for an <see cref="Answer"/>: the same content as <see cref="TextRenderer"/>, laid out for Slack. Every
/// piece of data is escaped with <see cref="SlackText.Escape"/>, top-level text is always set, and the result is
/// passed through <see cref="BlockKitLimits.Apply(SlackMessage)"/>.
/// </summary>
public static class BlockKitRenderer
{
    public const string ShareCardAction = "share_card";
    public const string PickAccountAction = "pick_account";

    public static SlackMessage Render(Answer answer, bool forSharing = false)
    {
        var (text, blocks) = answer switch
        {
            ScoreCardAnswer card => Card(card, forSharing),
            PickListAnswer pick => PickList(pick),
            NotFoundAnswer none => NotFound(none),
            HelpAnswer help => Help(help),
            ExplainAnswer explain => Explain(explain),
            KpiAnswer kpi => Kpi(kpi),
            MoversAnswer movers => Movers(movers),
            ErrorAnswer error => (error.Message, new List<Block> { SectionBlock.Mrkdwn(":warning: " + Esc(error.Message)) }),
            null => throw new ArgumentNullException(nameof(answer)),
            _ => throw new ArgumentException($"No Block Kit rendering for {answer.GetType().Name}.", nameof(answer)),
        };

        // Top-level text is mrkdwn too (notifications, screen readers): escaped like the blocks.
        return BlockKitLimits.Apply(new SlackMessage { Text = Esc(text), Blocks = blocks }).Value;
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

    private static string Esc(string? text) => SlackText.Escape(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static (string, List<Block>) Card(ScoreCardAnswer c, bool forSharing)
    {
        var blocks = new List<Block>
        {
            HeaderBlock.Create(c.Name),
        };

        var where = string.Join(" / ", new[] { c.Segment, c.Region }.Where(x => !string.IsNullOrEmpty(x)));
        var intro = new StringBuilder("*").Append(Esc(c.Headline)).Append('*');
        intro.Append('\n').Append(Esc(c.AccountId)).Append(where.Length > 0 ? " · " + Esc(where) : string.Empty);
        if (c.VsLast is { } last)
        {
            intro.Append('\n').Append(LevelTrend(last, c.ModelVersion));
        }

        if (c.VsQuarter is { } quarter && quarter.Since != c.VsLast?.Since)
        {
            intro.Append('\n').Append(LevelTrend(quarter, c.ModelVersion));
        }

        blocks.Add(SectionBlock.Mrkdwn(intro.ToString()));

        var fields = new List<TextObject>();
        if (c.Arr is { } arr)
        {
            fields.Add(new MrkdwnText("*ARR*\n" + TextRenderer.Money(arr)));
        }

        fields.Add(new MrkdwnText("*Owner*\n" + (c.Owner is null ? "-" : Esc(c.Owner))));
        fields.Add(new MrkdwnText("*CSM*\n" + (c.Csm is null ? "-" : Esc(c.Csm))));
        blocks.Add(new SectionBlock { Fields = fields });
        blocks.Add(new DividerBlock());

        foreach (var u in c.UseCases)
        {
            blocks.Add(SectionBlock.Mrkdwn(UseCase(u)));
        }

        blocks.Add(SectionBlock.Mrkdwn(Measure(c.LicenseUtilization) + "\n" + Measure(c.Engagement)));

        var context = new List<IContextElement>
        {
            new MrkdwnText(Inv($"Data as of {(c.DataAsOf is { } d ? TextRenderer.Date(d) : "-")} · scored {TextRenderer.Date(c.AsOf)} · model {Esc(c.ModelVersion)}")),
            new MrkdwnText("Higher is better for every metric unless it says \"lower is better\"."),
        };
        blocks.Add(new ContextBlock(context));
        if (c.StalenessWarning is { } warning)
        {
            blocks.Add(new ContextBlock([new MrkdwnText(":warning: " + Esc(warning))]));
        }

        if (!forSharing)
        {
            blocks.Add(new ActionsBlock([new ButtonElement(new PlainText("Share in channel"), ShareCardAction) { Value = c.AccountId }]));
        }

        return ($"{c.Name}: {c.Headline}", blocks);
    }

    private static string UseCase(UseCaseLine u)
    {
        var text = new StringBuilder();
        text.Append(Marker(u.Color, u.Status)).Append(" *").Append(Esc(u.Name)).Append("* — ");
        switch (u.Status)
        {
            case UseCaseStatus.NotApplicable:
                text.Append("not in plan").Append(u.Plans.Count > 0 ? Esc($" (only on {string.Join(", ", u.Plans)})") : string.Empty);
                return text.ToString();
            case UseCaseStatus.NoData:
                text.Append("no data (not reported, not counted as red)");
                break;
            default:
                text.Append(AnswerText.ColorWord(u.Color));
                break;
        }

        if (u.VsLast is { } change)
        {
            var arrow = AnswerText.Arrow(change.Direction);
            text.Append("  ").Append(change.Direction == TrendDirection.Same
                ? $"= since {TextRenderer.Date(change.Since)}"
                : $"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {TextRenderer.Date(change.Since)} (was {AnswerText.ColorWord(change.Before)})");
        }

        foreach (var m in u.Metrics)
        {
            text.Append("\n• ").Append(Esc(m.Name)).Append(": ");
            var direction = m.HigherIsBetter ? "higher is better" : "lower is better";
            text.Append(m.NoData
                ? Esc($"no data (green {m.GreenThreshold}, {direction})")
                : Esc($"{m.ValueText} vs green {m.GreenThreshold} ({direction})"));
        }

        if (u.DistanceToGreen is { } distance)
        {
            text.Append("\n_To green:_ ").Append(Esc(distance));
        }

        return text.ToString();
    }

    private static string Measure(MeasureLine m)
    {
        var color = m.Value is null ? string.Empty : m.Color == HealthColor.Unknown ? " (not scored)" : $" ({AnswerText.ColorWord(m.Color)})";
        return "*" + Esc(m.Name) + "*: " + Esc(m.ValueText + color + (m.Note is null ? string.Empty : " - " + m.Note));
    }

    private static string LevelTrend(LevelChange change, string currentModel)
    {
        var arrow = AnswerText.Arrow(change.Direction);
        var model = change.ModelVersion == currentModel ? string.Empty : $", scored with {change.ModelVersion}";
        return Esc($"{(arrow.Length > 0 ? arrow + " " : string.Empty)}since {TextRenderer.Date(change.Since)} (was level {change.Before}{model})");
    }

    private static SectionBlock ChoiceSection(AccountChoice choice)
    {
        var where = string.Join(", ", new[] { choice.Segment, choice.Region }.Where(x => !string.IsNullOrEmpty(x)));
        return new SectionBlock
        {
            Text = new MrkdwnText("*" + Esc(choice.Name) + "* · " + Esc(choice.AccountId) + (where.Length > 0 ? " · " + Esc(where) : string.Empty)),
            // One button per block: Slack wants action ids unique within a block, and every choice is "pick_account".
            Accessory = new ButtonElement(new PlainText(choice.Name), PickAccountAction) { Value = choice.AccountId },
        };
    }

    private static (string, List<Block>) PickList(PickListAnswer pick)
    {
        var headline = Inv($"{pick.TotalMatches} accounts match \"{pick.Query}\". Which one?");
        var blocks = new List<Block> { SectionBlock.Mrkdwn(Esc(headline)) };
        blocks.AddRange(pick.Choices.Select(ChoiceSection));
        if (pick.TotalMatches > pick.Choices.Count)
        {
            blocks.Add(new ContextBlock([new MrkdwnText(Inv($"Showing {pick.Choices.Count} of {pick.TotalMatches}: type more of the name."))]));
        }

        return (headline, blocks);
    }

    private static (string, List<Block>) NotFound(NotFoundAnswer none)
    {
        if (none.Suggestions.Count == 0)
        {
            var text = $"No account matches \"{none.Query}\". Try part of the name or the account id; \"help\" lists the commands.";
            return (text, [SectionBlock.Mrkdwn(Esc(text))]);
        }

        var headline = $"No account matches \"{none.Query}\". Did you mean:";
        var blocks = new List<Block> { SectionBlock.Mrkdwn(Esc(headline)) };
        blocks.AddRange(none.Suggestions.Select(ChoiceSection));
        return (headline, blocks);
    }

    private static (string, List<Block>) Help(HelpAnswer help)
    {
        var blocks = new List<Block>();
        if (help.Note is not null)
        {
            blocks.Add(SectionBlock.Mrkdwn(":information_source: " + Esc(help.Note)));
        }

        var commands = new StringBuilder("*/adoption commands*");
        foreach (var command in help.Commands)
        {
            commands.Append("\n• `/adoption ").Append(Esc(command.Usage)).Append("` — ").Append(Esc(command.Description));
        }

        blocks.Add(SectionBlock.Mrkdwn(commands.ToString()));
        blocks.Add(SectionBlock.Mrkdwn("*Use cases*: " + Esc(string.Join(", ", help.UseCases.Select(u =>
            string.Equals(u.Id, u.Name, StringComparison.OrdinalIgnoreCase) ? u.Id : $"{u.Id} ({u.Name})")))));
        return (help.Note ?? "/adoption commands", blocks);
    }

    private static (string, List<Block>) Explain(ExplainAnswer e)
    {
        var blocks = new List<Block>
        {
            HeaderBlock.Create($"{e.Name} ({e.UseCaseId})"),
            SectionBlock.Mrkdwn(Esc(e.Description) + "\n*Applies to:* " + Esc(e.AppliesTo)),
        };
        foreach (var m in e.Metrics)
        {
            blocks.Add(SectionBlock.Mrkdwn(
                "*" + Esc(m.Name) + "* = " + Esc(m.Formula)
                + Esc($"\n:red_circle: {m.Red}  :large_yellow_circle: {m.Yellow}  :large_green_circle: {m.Green}  ({(m.HigherIsBetter ? "higher is better" : "lower is better")})")));
        }

        blocks.Add(SectionBlock.Mrkdwn("*How it turns green:* " + Esc(e.HowItTurnsGreen) + "\n" + Esc(e.AcrossSubscriptions)));
        blocks.Add(new ContextBlock([new MrkdwnText("Model " + Esc(e.ModelVersion))]));
        return ($"{e.Name}: {e.Description}", blocks);
    }

    private static (string, List<Block>) Kpi(KpiAnswer k)
    {
        var headline = "ARR by adoption level as of " + TextRenderer.Date(k.AsOf)
            + (k.PreviousAsOf is { } p ? $" (change vs {TextRenderer.Date(p)} in percentage points)" : " (no earlier snapshot to compare)");
        var lines = new StringBuilder("*").Append(Esc(headline)).Append('*');
        foreach (var l in k.Levels)
        {
            lines.Append("\n• *").Append(Esc(l.Level == AdoptionLevel.NoDataLabel ? "no data" : "level " + l.Level)).Append("*: ")
                .Append(TextRenderer.Percent(l.Share));
            var points = TextRenderer.Points(l.ShareChangePoints);
            if (points.Length > 0)
            {
                lines.Append(" (").Append(points).Append(')');
            }

            lines.Append(" · ").Append(TextRenderer.Count(l.Accounts)).Append(" accounts");
            if (l.AccountsChange is { } change)
            {
                lines.Append(" (").Append(TextRenderer.Signed(change)).Append(')');
            }

            if (l.Arr is { } arr)
            {
                lines.Append(" · ARR ").Append(TextRenderer.Money(arr));
            }
        }

        var footer = Inv($"Level {k.PlatformThreshold}+ is platform adoption. {TextRenderer.Count(k.Accounts)} accounts")
            + (k.TotalArr is { } total ? ", ARR " + TextRenderer.Money(total) : string.Empty) + ".";
        return (headline, [SectionBlock.Mrkdwn(lines.ToString()), new ContextBlock([new MrkdwnText(Esc(footer))])]);
    }

    private static (string, List<Block>) Movers(MoversAnswer m)
    {
        var headline = "Level changes from " + (m.PreviousAsOf is { } p ? TextRenderer.Date(p) : "-") + " to " + TextRenderer.Date(m.AsOf) + ", largest ARR first";
        return (headline,
        [
            SectionBlock.Mrkdwn("*" + Esc(headline) + "*"),
            SectionBlock.Mrkdwn(MoverList("Up", "▲", m.Up, m.UpTotal)),
            SectionBlock.Mrkdwn(MoverList("Down", "▼", m.Down, m.DownTotal)),
        ]);

        static string MoverList(string title, string arrow, IReadOnlyList<Mover> movers, int total)
        {
            var text = new StringBuilder(Inv($"*{title} ({total})*{(total == 0 ? ": none" : ":")}"));
            foreach (var x in movers)
            {
                text.Append('\n').Append(arrow).Append(' ').Append(Esc($"{x.Name} ({x.AccountId}): level {x.FromLevel} -> {x.ToLevel}"));
                if (x.Arr is { } arr)
                {
                    text.Append(" · ARR ").Append(TextRenderer.Money(arr));
                }
            }

            if (total > movers.Count)
            {
                text.Append(Inv($"\n… and {total - movers.Count} more"));
            }

            return text.ToString();
        }
    }
}
