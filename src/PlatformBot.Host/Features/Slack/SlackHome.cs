using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// The App Home tab: a typeahead to look up any account (options from /slack/options, the card then arrives in the
/// app's DM); "My accounts" - the accounts whose owner or CSM e-mail is the viewer's Slack e-mail, with the level of
/// the latest stored snapshot, its change against the one before, and the nearest use case to green (no ARR); and the
/// channel digest subscriptions the viewer manages: every Slack subscription for a digest manager listed in
/// Digests:ManagerUserIds, otherwise the ones the viewer created (none when a manager list exists without them).
/// </summary>
internal static class SlackHome
{
    public const int MaxAccounts = 40;
    public const int MaxSubscriptions = 25;
    public const string LookupAction = "home_lookup";
    public const int LookupMinQueryLength = 2;
    public const int LookupMaxOptions = 20;

    public static async Task PublishAsync(IServiceProvider services, string userId, CancellationToken cancellationToken)
    {
        var api = services.GetRequiredService<SlackApiClient>();
        var user = await api.GetUserAsync(userId, cancellationToken);
        var blocks = await BuildAsync(services, user.Profile?.Email, cancellationToken);
        blocks.AddRange(await SubscriptionBlocksAsync(services, userId, cancellationToken));
        await api.PublishHomeViewAsync(userId, new HomeView(blocks), hash: null, cancellationToken);
    }

    /// <summary>The card picked in the Home tab's typeahead, posted into the app's DM with the user (chat.postMessage to the user id).</summary>
    public static async Task SendCardAsync(IServiceProvider services, string userId, string accountId, Viewer viewer, CancellationToken cancellationToken)
    {
        var card = await SlackReplies.PickAsync(services, accountId, viewer, fromEphemeral: false, cancellationToken);
        await services.GetRequiredService<SlackApiClient>().PostMessageAsync(userId, card with { ResponseType = null, ReplaceOriginal = null }, cancellationToken);
    }

    /// <summary>"Use `/adoption &lt;account&gt;` for any account.", escaped: a raw &lt;account&gt; is a Slack link token.</summary>
    private static string LookupAnyAccount => "Use `" + SlackText.Escape(Wording.LookupHint) + "` for any account.";

    public static async Task<List<Block>> BuildAsync(IServiceProvider services, string? email, CancellationToken cancellationToken)
    {
        var blocks = new List<Block>
        {
            new SectionBlock
            {
                Text = TextObject.VerbatimMrkdwn("*Look up any account*"),
                Accessory = new ExternalSelectElement(LookupAction, new PlainText("Type a name or account id")) { MinQueryLength = LookupMinQueryLength },
            },
            HeaderBlock.Create("My accounts"),
        };
        if (string.IsNullOrWhiteSpace(email))
        {
            blocks.Add(SectionBlock.VerbatimMrkdwn("Slack does not show me your e-mail address, so I cannot find the accounts you own or look after. " + LookupAnyAccount));
            return blocks;
        }

        var accounts = await services.GetRequiredService<AccountDirectory>().FindByEmailAsync(email, cancellationToken);
        if (accounts.Count == 0)
        {
            blocks.Add(SectionBlock.VerbatimMrkdwn($"No account lists {SlackText.Escape(email)} as owner or CSM. " + LookupAnyAccount));
            return blocks;
        }

        var snapshots = services.GetRequiredService<SnapshotReader>();
        var model = services.GetRequiredService<ScoringModel>();
        foreach (var account in accounts.Take(MaxAccounts))
        {
            var history = await snapshots.HistoryAsync(account.AccountId, cancellationToken);
            blocks.Add(SectionBlock.VerbatimMrkdwn(Line(account, history, model)));
        }

        var context = accounts.Count > MaxAccounts
            ? Wording.ShowingOf(MaxAccounts, accounts.Count, "accounts") + " "
            : string.Empty;
        blocks.Add(new ContextBlock([TextObject.VerbatimMrkdwn(SlackText.Escape(context + "Levels come from the latest stored weekly score.") + " `" + SlackText.Escape(Wording.LookupHint) + "` shows the full card.")]));
        return blocks;
    }

    private static string Line(DirectoryEntry account, IReadOnlyList<StoredScore> history, ScoringModel model)
    {
        var text = new StringBuilder("*").Append(SlackText.Escape(account.Name)).Append("* · ").Append(SlackText.Escape(account.AccountId));
        if (history.Count == 0)
        {
            return text.Append("\nno stored score yet").ToString();
        }

        var latest = history[^1];
        text.Append('\n').Append(SlackText.Escape(Wording.LevelName(latest.Level)));
        if (history.Count > 1)
        {
            var previous = history[^2];
            var change = new LevelChange(previous.AsOf, previous.Level, previous.AdoptionScore,
                AnswerText.Compare(previous.AdoptionScore, latest.AdoptionScore), previous.ModelVersion);
            text.Append(" · ").Append(SlackText.Escape(previous.Level == latest.Level
                ? "= since " + Figures.Date(previous.AsOf)
                : Wording.LevelTrend(change, latest.ModelVersion)));
        }

        text.Append(" · as of ").Append(Figures.Date(latest.AsOf));
        var nearest = model.UseCases.FirstOrDefault(u => latest.ColorOf(u.Id) == HealthColor.Yellow)
            ?? model.UseCases.FirstOrDefault(u => latest.ColorOf(u.Id) == HealthColor.Red);
        if (nearest is not null)
        {
            text.Append("\nnearest to green: ").Append(SlackText.Escape(nearest.Name))
                .Append(" (").Append(Wording.ColorWord(latest.ColorOf(nearest.Id))).Append(')');
        }

        return text.ToString();
    }

    /// <summary>"Channel subscriptions you manage": see the class summary for who manages which.</summary>
    public static async Task<List<Block>> SubscriptionBlocksAsync(IServiceProvider services, string userId, CancellationToken cancellationToken)
    {
        if (services.GetService<SubscriptionService>() is not { } subscriptions)
        {
            return [];
        }

        var blocks = new List<Block> { new DividerBlock(), HeaderBlock.Create("Channel subscriptions you manage") };
        var managers = services.GetRequiredService<IOptions<DigestOptions>>().Value.ManagerUserIds;
        if (!subscriptions.CanManage(userId))
        {
            blocks.Add(SectionBlock.VerbatimMrkdwn("Only digest managers (Digests:ManagerUserIds) add or remove channel digests. `/adoption subscriptions` in a channel lists its digests."));
            return blocks;
        }

        var isAdmin = managers.Contains(userId, StringComparer.Ordinal);
        var mine = (await subscriptions.ListAsync(null, cancellationToken))
            .Where(s => s.Target.Platform == DigestPlatform.Slack && s.Kind != DigestKind.MyAccounts && (isAdmin || CreatedBy(s.CreatedBy, userId)))
            .ToList();
        if (mine.Count == 0)
        {
            blocks.Add(SectionBlock.VerbatimMrkdwn(isAdmin
                ? "No channel has a digest yet. In a channel: `/adoption subscribe score-changes day=mon time=09:00 tz=Europe/Berlin`."
                : "You have not subscribed a channel to a digest yet. In a channel: `/adoption subscribe score-changes day=mon time=09:00 tz=Europe/Berlin`."));
            return blocks;
        }

        foreach (var subscription in mine.Take(MaxSubscriptions))
        {
            blocks.Add(SectionBlock.VerbatimMrkdwn(SubscriptionLine(subscription, isAdmin)));
        }

        var scope = isAdmin ? "Every Slack channel digest (you are a digest manager)." : "Digests you subscribed channels to.";
        var more = mine.Count > MaxSubscriptions ? " " + Wording.ShowingOf(MaxSubscriptions, mine.Count, "subscriptions") : string.Empty;
        blocks.Add(new ContextBlock([TextObject.VerbatimMrkdwn(SlackText.Escape(scope + more) + " `" + SlackText.Escape("/adoption unsubscribe <digest>") + "` in the channel stops one.")]));
        return blocks;
    }

    /// <summary>Slack subscriptions store the creator's user id; older ones the actor form "slack:T…/U…".</summary>
    private static bool CreatedBy(string createdBy, string userId) =>
        string.Equals(createdBy, userId, StringComparison.Ordinal)
        || (createdBy.StartsWith("slack:", StringComparison.Ordinal) && createdBy.EndsWith("/" + userId, StringComparison.Ordinal));

    private static string SubscriptionLine(SubscriptionView s, bool showCreator)
    {
        var text = new StringBuilder("<#").Append(SlackText.Escape(s.Target.ChannelId)).Append("> · *").Append(SlackText.Escape(s.Kind.Text())).Append('*');
        text.Append('\n').Append(SlackText.Escape(s.Filters.Describe())).Append(" · ").Append(SlackText.Escape(s.Schedule.Describe()));
        if (s.Status == DigestStatus.Active)
        {
            if (s.NextRunUtc is { } next)
            {
                text.Append(" · next ").Append(TimeZoneInfo.ConvertTime(next, s.Schedule.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
        }
        else
        {
            text.Append("\n:warning: ").Append(SlackText.Escape($"{s.Status}: {s.StatusReason}"));
        }

        if (showCreator)
        {
            var creator = s.CreatedBy;
            text.Append(" · by ").Append(creator.Length is >= 9 and <= 24 && creator[0] is 'U' or 'W' && creator.All(char.IsAsciiLetterOrDigit)
                ? SlackText.UserMention(creator)
                : SlackText.Escape(creator));
        }

        return text.Append(SlackText.Escape(string.Create(CultureInfo.InvariantCulture, $" · id {s.Id}"))).ToString();
    }
}
