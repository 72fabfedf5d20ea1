using System.Globalization;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Every phrase an answer is said in, once, for every surface (ADR 0014): the CLI text, Block Kit, Adaptive Cards,
/// the App Home and the digests take their words from here, so "not in plan", "no data" and a level that was "no data"
/// read the same everywhere. Phrases are plain text and may hold data (a name, a query): a renderer escapes a whole
/// phrase with its surface's escaper and only then adds its own markup. Numbers and money come from
/// <see cref="Figures"/>.
/// </summary>
public static partial class Wording
{
    public const string HigherIsBetter = "higher is better";
    public const string LowerIsBetter = "lower is better";
    public const string DirectionNote = "Higher is better for every metric unless it says \"lower is better\".";
    public const string NoEarlierSnapshot = "no earlier snapshot stored yet";
    public const string ToGreen = "To green";
    public const string PickListHint = "Ask again with the full name or the account id.";
    public const string CommandsTitle = "/adoption commands";

    /// <summary>Teams has no slash command: the same commands are typed after @PlatformBot.</summary>
    public const string TeamsCommandsTitle = "PlatformBot commands";

    /// <summary>The button that posts a public, ARR-free copy of a card (Slack and Teams).</summary>
    public const string ShareInChannel = "Share in channel";

    /// <summary>Under a shared copy: "Shared by" and who (a Slack mention, a Teams display name).</summary>
    public const string SharedBy = "Shared by";

    /// <summary>Told to the sharer once the copy is posted (Teams: the card stays in the 1:1 chat).</summary>
    public const string SharedInChannel = "Shared in the channel.";

    /// <summary>The install welcome (Teams), above the commands.</summary>
    public const string TeamsWelcome =
        "Hi, I'm PlatformBot: I show how far a customer has adopted the platform. In a channel, @mention me with a command; in a 1:1 chat, just type it.";

    public const string AppliesTo = "Applies to";
    public const string HowItTurnsGreen = "How it turns green";

    /// <summary>The placeholder for an account in hints ("/adoption &lt;account&gt;").</summary>
    public const string LookupHint = "/adoption <account>";

    public static string Direction(bool higherIsBetter) => higherIsBetter ? HigherIsBetter : LowerIsBetter;

    /// <summary>▲ ▼ = (and empty when there is nothing to compare).</summary>
    public static string Arrow(TrendDirection direction) => direction switch
    {
        TrendDirection.Up => "▲",
        TrendDirection.Down => "▼",
        TrendDirection.Same => "=",
        _ => string.Empty,
    };

    public static string ColorWord(HealthColor color) => color switch
    {
        HealthColor.Green => "green",
        HealthColor.Yellow => "yellow",
        HealthColor.Red => "red",
        _ => "no data",
    };

    /// <summary>"level 2", "level 3+", or "no data" (never "level no data").</summary>
    public static string LevelName(string level) => level == AdoptionLevel.NoDataLabel ? "no data" : "level " + level;

    /// <summary>"2 of 4 use cases green — level 2 (platform adoption is 3+)", or the no-data line.</summary>
    public static string Headline(ScoreCardAnswer card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.AdoptionScore is { } score
            ? string.Create(CultureInfo.InvariantCulture, $"{score} of {card.UseCaseCount} use cases green — level {card.Level} ")
                + (card.ReachedPlatform
                    ? string.Create(CultureInfo.InvariantCulture, $"(platform adoption reached: {card.PlatformThreshold}+)")
                    : string.Create(CultureInfo.InvariantCulture, $"(platform adoption is {card.PlatformThreshold}+)"))
            : "no usage data — no adoption score yet";
    }

    /// <summary>"Acme Corp: 2 of 4 use cases green — …": the account card in one line.</summary>
    public static string CardTitle(ScoreCardAnswer card) => $"{card.Name}: {Headline(card)}";

    /// <summary>"enterprise / emea", or empty.</summary>
    public static string SegmentAndRegion(string? segment, string? region) =>
        string.Join(" / ", new[] { segment, region }.Where(x => !string.IsNullOrEmpty(x)));

    /// <summary>"enterprise, emea", or empty: where a choice in a pick list is.</summary>
    public static string ChoiceDetail(AccountChoice choice) =>
        string.Join(", ", new[] { choice.Segment, choice.Region }.Where(x => !string.IsNullOrEmpty(x)));

    /// <summary>"Acme Corp (A-1, enterprise, emea)".</summary>
    public static string Choice(AccountChoice choice)
    {
        var where = ChoiceDetail(choice);
        return $"{choice.Name} ({choice.AccountId}{(where.Length > 0 ? ", " + where : string.Empty)})";
    }

    /// <summary>What a use case is, after its name: "green", "no data (…)", "not in plan (only on ultimate)".</summary>
    public static string UseCaseState(UseCaseLine useCase) => useCase.Status switch
    {
        UseCaseStatus.NotApplicable => NotInPlan(useCase.Plans),
        UseCaseStatus.NoData => "no data (not reported, not counted as red)",
        _ => ColorWord(useCase.Color),
    };

    /// <summary>A use case outside the account's plans: "not in plan (only on ultimate)".</summary>
    public static string NotInPlan(IReadOnlyList<string> plans) =>
        "not in plan" + (plans.Count > 0 ? $" (only on {string.Join(", ", plans)})" : string.Empty);

    /// <summary>Against the last snapshot and, when it is another one, the one about a quarter ago.</summary>
    public static IReadOnlyList<string> UseCaseTrends(UseCaseLine useCase)
    {
        var changes = new List<string>(2);
        if (useCase.VsLast is { } last)
        {
            changes.Add(ColorTrend(last));
        }

        if (useCase.VsQuarter is { } quarter && quarter.Since != useCase.VsLast?.Since)
        {
            changes.Add(ColorTrend(quarter));
        }

        return changes;
    }

    /// <summary>"▲ since 2026-11-16 (was yellow)", "= since 2026-11-16", "since 2026-11-16 (was no data)".</summary>
    public static string ColorTrend(ColorChange change) => change.Direction == TrendDirection.Same
        ? "= since " + Figures.Date(change.Since)
        : $"{WithArrow(change.Direction)}since {Figures.Date(change.Since)} (was {ColorWord(change.Before)})";

    /// <summary>"▲ since 2026-11-16 (was level 1)", "since 2026-11-16 (was no data, scored with m1)".</summary>
    public static string LevelTrend(LevelChange change, string currentModel)
    {
        var model = change.ModelVersion == currentModel ? string.Empty : ", scored with " + change.ModelVersion;
        return $"{WithArrow(change.Direction)}since {Figures.Date(change.Since)} (was {LevelName(change.Before)}{model})";
    }

    /// <summary>Both level trends of a card joined, or <see cref="NoEarlierSnapshot"/>.</summary>
    public static string LevelTrends(ScoreCardAnswer card)
    {
        var trend = new List<string>(2);
        if (card.VsLast is { } last)
        {
            trend.Add(LevelTrend(last, card.ModelVersion));
        }

        if (card.VsQuarter is { } quarter && quarter.Since != card.VsLast?.Since)
        {
            trend.Add(LevelTrend(quarter, card.ModelVersion));
        }

        return trend.Count > 0 ? string.Join("; ", trend) : NoEarlierSnapshot;
    }

    /// <summary>"80% — green, meets green > 33% (higher is better)", or "no data (not reported; green > 33%, higher is better)".</summary>
    public static string Metric(MetricLine metric)
    {
        var direction = Direction(metric.HigherIsBetter);
        if (metric.NoData)
        {
            return $"no data (not reported; green {metric.GreenThreshold}, {direction})";
        }

        var position = metric.Color == HealthColor.Green ? "meets" : metric.HigherIsBetter ? "below" : "above";
        return $"{metric.ValueText} — {ColorWord(metric.Color)}, {position} green {metric.GreenThreshold} ({direction})";
    }

    /// <summary>A measure's value after its name: "95.2% (green) - expansion signal".</summary>
    public static string Measure(MeasureLine measure)
    {
        var color = measure.Value is null ? string.Empty : measure.Color == HealthColor.Unknown ? " (not scored)" : $" ({ColorWord(measure.Color)})";
        return $"{measure.ValueText}{color}{(measure.Note is null ? string.Empty : " - " + measure.Note)}";
    }

    /// <summary>"Data as of 2026-11-20 · scored 2026-11-23 · model m1".</summary>
    public static string CardFooter(ScoreCardAnswer card) =>
        $"Data as of {Figures.Date(card.DataAsOf)} · scored {Figures.Date(card.AsOf)} · model {card.ModelVersion}";

    /// <summary>"ARR $300,000": the exact amount, the card being the one place an account's ARR is the detail.</summary>
    public static string CardArr(Money arr) => Figures.ExactMoney(arr);

    public static string PickListHeadline(PickListAnswer pick) =>
        string.Create(CultureInfo.InvariantCulture, $"{pick.TotalMatches} accounts match \"{pick.Query}\". Which one?");

    /// <summary>A list cut short (the App Home): "Showing 10 of 40 accounts.", "Showing 5 of 8 subscriptions."</summary>
    public static string ShowingOf(int shown, int total, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"Showing {shown} of {total} {what}.");

    /// <summary>"Showing 5 of 12: type more of the name.", or null when every match is shown.</summary>
    public static string? PickListMore(PickListAnswer pick) => pick.TotalMatches > pick.Choices.Count
        ? string.Create(CultureInfo.InvariantCulture, $"Showing {pick.Choices.Count} of {pick.TotalMatches}: type more of the name.")
        : null;

    /// <summary>
    /// With the rest offered in a list: "Showing 5 of 33: the other 28 are in the list below.", or "…the next 100 are
    /// in the list below; type more of the name for the rest." Null when every match is shown.
    /// </summary>
    public static string? PickListMoreInList(PickListAnswer pick)
    {
        if (pick.More.Count == 0)
        {
            return PickListMore(pick);
        }

        var shown = pick.Choices.Count + pick.More.Count;
        return shown >= pick.TotalMatches
            ? string.Create(CultureInfo.InvariantCulture, $"Showing {pick.Choices.Count} of {pick.TotalMatches}: the other {pick.More.Count} are in the list below.")
            : string.Create(CultureInfo.InvariantCulture, $"Showing {pick.Choices.Count} of {pick.TotalMatches}: the next {pick.More.Count} are in the list below; type more of the name for the rest.");
    }

    /// <summary>The placeholder of that list: "28 more matches".</summary>
    public static string PickListMorePlaceholder(PickListAnswer pick) =>
        string.Create(CultureInfo.InvariantCulture, $"{pick.More.Count} more matches");

    /// <summary>"No account matches "x". Did you mean:", or the hint when nothing is close.</summary>
    public static string NotFound(NotFoundAnswer none) => none.Suggestions.Count == 0
        ? $"No account matches \"{none.Query}\". Try part of the name or the account id; \"help\" lists the commands."
        : $"No account matches \"{none.Query}\". Did you mean:";

    /// <summary>"scm, security (Application security)".</summary>
    public static string UseCaseList(HelpAnswer help) => string.Join(", ", help.UseCases.Select(u =>
        string.Equals(u.Id, u.Name, StringComparison.OrdinalIgnoreCase) ? u.Id : $"{u.Id} ({u.Name})"));

    /// <summary>"CI (ci)".</summary>
    public static string ExplainTitle(ExplainAnswer explain) => $"{explain.Name} ({explain.UseCaseId})";

    /// <summary>"red &lt;= 2 · yellow &gt; 2 and &lt;= 40 · green &gt; 40 (higher is better)".</summary>
    public static string Bands(ExplainMetric metric) =>
        $"red {metric.Red} · yellow {metric.Yellow} · green {metric.Green} ({Direction(metric.HigherIsBetter)})";

    /// <summary>"ARR by adoption level as of 2026-11-23".</summary>
    public static string KpiTitle(KpiAnswer kpi) => "ARR by adoption level as of " + Figures.Date(kpi.AsOf);

    /// <summary>"change vs 2026-11-16 in percentage points", or "no earlier snapshot to compare".</summary>
    public static string KpiComparison(KpiAnswer kpi) => kpi.PreviousAsOf is { } previous
        ? $"change vs {Figures.Date(previous)} in percentage points"
        : "no earlier snapshot to compare";

    public static string KpiHeadline(KpiAnswer kpi) => $"{KpiTitle(kpi)} ({KpiComparison(kpi)})";

    /// <summary>"Level 3+ is platform adoption. 7 accounts, ARR $1.2M."</summary>
    public static string KpiFooter(KpiAnswer kpi) =>
        string.Create(CultureInfo.InvariantCulture, $"Level {kpi.PlatformThreshold}+ is platform adoption. {Figures.Count(kpi.Accounts)} accounts")
        + (kpi.TotalArr is { } total ? ", ARR " + Figures.Money(total) : string.Empty) + ".";

    /// <summary>"Level changes from 2026-11-16 to 2026-11-23, largest ARR first".</summary>
    public static string MoversHeadline(MoversAnswer movers) =>
        $"Level changes from {Figures.Date(movers.PreviousAsOf)} to {Figures.Date(movers.AsOf)}, largest ARR first";

    /// <summary>"Up (12):", or "Down (0): none".</summary>
    public static string MoverSection(string title, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{title} ({total}){(total == 0 ? ": none" : ":")}");

    /// <summary>"level 2 → 3+ · ARR $300K" (the ARR only when the answer holds it).</summary>
    public static string MoverChange(Mover mover) =>
        $"level {mover.FromLevel} → {mover.ToLevel}" + (mover.Arr is { } arr ? " · ARR " + Figures.Money(arr) : string.Empty);

    /// <summary>"Acme Corp (A-1): level 2 → 3+ · ARR $300K".</summary>
    public static string Mover(Mover mover) => $"{mover.Name} ({mover.AccountId}): {MoverChange(mover)}";

    /// <summary>"… and 11 more".</summary>
    public static string More(int count) => string.Create(CultureInfo.InvariantCulture, $"… and {count} more");

    /// <summary>
    /// What tells a digest entry apart from an account with a similar name: "A-1 · owner sam@example.com · CSM
    /// jo@example.com" (both people as the store holds them; "no owner" when none is set).
    /// </summary>
    public static string DigestWho(string accountId, string? owner, string? csm)
    {
        var parts = new List<string>(3) { accountId, string.IsNullOrWhiteSpace(owner) ? "no owner" : "owner " + owner };
        if (!string.IsNullOrWhiteSpace(csm))
        {
            parts.Add("CSM " + csm);
        }

        return string.Join(" · ", parts);
    }

    /// <summary>Under a cut digest list: "… and 12 more (ranked by ARR)". No configuration key: readers cannot change it.</summary>
    public static string DigestMore(int count) => More(count) + " (ranked by ARR)";

    /// <summary>The button under a cut digest list that posts the whole list in the thread.</summary>
    public const string ShowAll = "Show all";

    /// <summary>The select (Slack) or choice set (Teams) that opens a listed account's card for the clicker alone.</summary>
    public const string OpenCardPlaceholder = "Open an account's card";

    /// <summary>The Teams button next to the choice set.</summary>
    public const string OpenCard = "Open card";

    /// <summary>Under a whole list posted by "Show all", before who asked (a mention or a name): the thread says why it grew.</summary>
    public const string ShowAllAskedBy = "The whole list, as asked by";

    /// <summary>When a "Show all" list cannot be built again (its week's snapshot was pruned, or the list is gone).</summary>
    public const string ShowAllGone = "That list is no longer available: its week's scores are no longer stored.";

    /// <summary>Told to whoever clicked a digest's "Open card" (Teams) without picking an account.</summary>
    public const string PickAnAccountFirst = "Pick an account in the list first, then Open card.";

    /// <summary>Told to whoever clicked "Show all" on Teams.</summary>
    public const string ShowAllPosted = "Posted the whole list in the thread.";

    /// <summary>Told to whoever clicks "Show all" for a list already posted in that digest's thread (once per list per digest).</summary>
    public const string ShowAllAlreadyPosted = "The whole list is already in this digest's thread: it is posted once, for everyone.";

    /// <summary>One line for notifications, screen readers and clients that cannot show the rich message. Never ARR.</summary>
    public static string Summary(Answer answer) => answer switch
    {
        ScoreCardAnswer card => CardTitle(card),
        PickListAnswer pick => PickListHeadline(pick),
        NotFoundAnswer none => NotFound(none),
        HelpAnswer help => help.Note ?? CommandsTitle,
        ExplainAnswer explain => $"{explain.Name}: {explain.Description}",
        KpiAnswer kpi => KpiHeadline(kpi),
        MoversAnswer movers => string.Create(CultureInfo.InvariantCulture, $"{MoversHeadline(movers)}: {movers.UpTotal} up, {movers.DownTotal} down"),
        ErrorAnswer error => error.Message,
        null => throw new ArgumentNullException(nameof(answer)),
        _ => "PlatformBot",
    };

    private static string WithArrow(TrendDirection direction) => Arrow(direction) is { Length: > 0 } arrow ? arrow + " " : string.Empty;
}
