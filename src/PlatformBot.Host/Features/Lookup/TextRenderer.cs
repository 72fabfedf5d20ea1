using System.Globalization;
using System.Text;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>Plain-text rendering of an <see cref="Answer"/>: what `platformbot ask` prints.</summary>
public static class TextRenderer
{
    public static string Render(Answer answer) => answer switch
    {
        ScoreCardAnswer card => Card(card),
        PickListAnswer pick => $"Several accounts match \"{pick.Query}\" - which one?\n" + string.Join('\n', pick.Choices.Select(Choice)),
        NotFoundAnswer none => none.Suggestions.Count > 0
            ? $"No account matches \"{none.Query}\". Did you mean:\n" + string.Join('\n', none.Suggestions.Select(Choice))
            : $"No account matches \"{none.Query}\". Try part of the name or the account id; `help` lists the commands.",
        HelpAnswer help => Help(help),
        ExplainAnswer explain => Explain(explain),
        KpiAnswer kpi => Kpi(kpi),
        MoversAnswer movers => Movers(movers),
        ErrorAnswer error => error.Message,
        _ => answer.ToString()!,
    };

    public static string ColorWord(HealthColor color) => color switch
    {
        HealthColor.Green => "green",
        HealthColor.Yellow => "yellow",
        HealthColor.Red => "red",
        _ => "no data",
    };

    /// <summary>Up, down or same against last week's color; empty when there is nothing to compare.</summary>
    public static string Trend(HealthColor now, HealthColor? before) => before switch
    {
        null => string.Empty,
        { } b when b == now || now == HealthColor.Unknown || b == HealthColor.Unknown => "=",
        { } b when now > b => "▲",
        _ => "▼",
    };

    public static string Money(decimal amount) => amount.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Points(double? change) => change is not { } c ? string.Empty
        : (c >= 0 ? "+" : string.Empty) + c.ToString("0.0", CultureInfo.InvariantCulture) + " pp";

    private static string Choice(AccountChoice c) =>
        $"  - {c.Name} ({c.AccountId}{(c.Segment is null ? string.Empty : ", " + c.Segment)}{(c.Region is null ? string.Empty : ", " + c.Region)})";

    private static string Card(ScoreCardAnswer c)
    {
        var text = new StringBuilder();
        text.AppendLine($"{c.Name} ({c.AccountId}) - {c.Headline}");
        var who = new List<string>();
        if (c.Arr is { } arr)
        {
            who.Add($"ARR {Money(arr)}");
        }

        if (c.Segment is not null || c.Region is not null)
        {
            who.Add(string.Join(" / ", new[] { c.Segment, c.Region }.Where(x => x is not null)));
        }

        who.Add($"owner {c.Owner ?? "-"}");
        who.Add($"CSM {c.Csm ?? "-"}");
        text.AppendLine(string.Join(" | ", who));
        var trend = new List<string>();
        if (c.LastWeek is { } w)
        {
            trend.Add($"last week ({w.AsOf:yyyy-MM-dd}): level {w.Level}");
        }

        if (c.QuarterAgo is { } q)
        {
            trend.Add($"about 3 months ago ({q.AsOf:yyyy-MM-dd}): level {q.Level}");
        }

        if (trend.Count > 0)
        {
            text.AppendLine("Trend: " + string.Join("; ", trend));
        }

        text.AppendLine();
        foreach (var u in c.UseCases)
        {
            var status = u.NotApplicable ? "not in plan" : ColorWord(u.Color);
            var arrow = Trend(u.Color, u.LastWeekColor);
            text.AppendLine($"{u.Name,-9} {status,-11} {arrow}".TrimEnd());
            if (u.NotApplicable)
            {
                continue;
            }

            foreach (var m in u.Metrics)
            {
                text.AppendLine($"    {m.Name}: {m.ValueText} (green {m.GreenThreshold}; higher is better) - {ColorWord(m.Color)}");
            }

            if (u.DistanceToGreen is { } distance)
            {
                text.AppendLine($"    to green: {distance}");
            }
        }

        text.AppendLine();
        text.AppendLine($"{c.LicenseUtilization.Name}: {c.LicenseUtilization.ValueText} ({ColorWord(c.LicenseUtilization.Color)}{(string.IsNullOrEmpty(c.LicenseUtilization.Note) ? string.Empty : ", " + c.LicenseUtilization.Note)})");
        text.AppendLine($"{c.Engagement.Name}: {c.Engagement.ValueText} ({ColorWord(c.Engagement.Color)})");
        text.Append($"Data as of {(c.DataAsOf is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-")} (scored {c.AsOf:yyyy-MM-dd}, model {c.ModelVersion})");
        if (c.StalenessWarning is { } warning)
        {
            text.AppendLine().Append("Warning: ").Append(warning);
        }

        return text.ToString();
    }

    private static string Help(HelpAnswer help)
    {
        var text = new StringBuilder();
        if (help.Note is not null)
        {
            text.AppendLine(help.Note).AppendLine();
        }

        text.AppendLine("/adoption commands:");
        foreach (var (usage, description) in help.Commands)
        {
            text.AppendLine($"  {usage,-28} {description}");
        }

        text.Append($"Use cases: {string.Join(", ", help.UseCases)}");
        return text.ToString();
    }

    private static string Explain(ExplainAnswer e)
    {
        var text = new StringBuilder();
        text.AppendLine($"{e.Name} ({e.UseCaseId}) - {e.Description}");
        text.AppendLine($"Applies to: {e.AppliesTo}");
        foreach (var m in e.Metrics)
        {
            text.AppendLine($"  {m.Name} = {m.Formula}");
            text.AppendLine($"    {m.Thresholds}");
        }

        text.AppendLine(e.HowItTurnsGreen);
        text.Append($"Model {e.ModelVersion}");
        return text.ToString();
    }

    private static string Kpi(KpiAnswer k)
    {
        var text = new StringBuilder();
        text.AppendLine($"ARR by adoption level as of {k.AsOf:yyyy-MM-dd}{(k.PreviousAsOf is { } p ? $" (change vs {p:yyyy-MM-dd})" : string.Empty)}");
        foreach (var l in k.Levels)
        {
            var arr = l.Arr is { } a ? $"  ARR {Money(a)}" : string.Empty;
            text.AppendLine($"  level {l.Level,-8} {Percent(l.Share),7}  {l.Accounts,6} accounts  {Points(l.ChangePoints)}{arr}".TrimEnd());
        }

        text.Append(k.TotalArr is { } total ? $"Total ARR {Money(total)} over {k.Accounts} accounts" : $"{k.Accounts} accounts");
        return text.ToString();
    }

    private static string Movers(MoversAnswer m)
    {
        var text = new StringBuilder();
        text.AppendLine($"Level changes from {m.PreviousAsOf:yyyy-MM-dd} to {m.AsOf:yyyy-MM-dd}, largest ARR first");
        text.AppendLine(m.Up.Count == 0 ? "Up: none" : "Up:");
        foreach (var x in m.Up)
        {
            text.AppendLine($"  ▲ {x.Name} ({x.AccountId}): {x.FromLevel} -> {x.ToLevel}{(x.Arr is { } a ? $"  ARR {Money(a)}" : string.Empty)}");
        }

        text.Append(m.Down.Count == 0 ? "Down: none" : "Down:");
        foreach (var x in m.Down)
        {
            text.AppendLine().Append($"  ▼ {x.Name} ({x.AccountId}): {x.FromLevel} -> {x.ToLevel}{(x.Arr is { } a ? $"  ARR {Money(a)}" : string.Empty)}");
        }

        return text.ToString();
    }
}
