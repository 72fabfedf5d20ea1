using System.Globalization;
using System.Text;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// The App Home "My accounts" tab: the accounts whose owner or CSM e-mail is the viewer's Slack e-mail, with the level
/// of the latest stored snapshot, its change against the one before, and the nearest use case to green. No ARR.
/// </summary>
internal static class SlackHome
{
    public const int MaxAccounts = 40;

    public static async Task PublishAsync(IServiceProvider services, string userId, CancellationToken cancellationToken)
    {
        var api = services.GetRequiredService<SlackApiClient>();
        var user = await api.GetUserAsync(userId, cancellationToken);
        var blocks = await BuildAsync(services, user.Profile?.Email, cancellationToken);
        await api.PublishHomeViewAsync(userId, new HomeView(blocks), hash: null, cancellationToken);
    }

    public static async Task<List<Block>> BuildAsync(IServiceProvider services, string? email, CancellationToken cancellationToken)
    {
        var blocks = new List<Block> { HeaderBlock.Create("My accounts") };
        if (string.IsNullOrWhiteSpace(email))
        {
            blocks.Add(SectionBlock.Mrkdwn("Slack does not show me your e-mail address, so I cannot find the accounts you own or look after. Use `/adoption <account>` for any account."));
            return blocks;
        }

        var accounts = await services.GetRequiredService<AccountDirectory>().FindByEmailAsync(email, cancellationToken);
        if (accounts.Count == 0)
        {
            blocks.Add(SectionBlock.Mrkdwn($"No account lists {SlackText.Escape(email)} as owner or CSM. Use `/adoption <account>` for any account."));
            return blocks;
        }

        var snapshots = services.GetRequiredService<SnapshotReader>();
        var model = services.GetRequiredService<ScoringModel>();
        foreach (var account in accounts.Take(MaxAccounts))
        {
            var history = await snapshots.HistoryAsync(account.AccountId, cancellationToken);
            blocks.Add(SectionBlock.Mrkdwn(Line(account, history, model)));
        }

        var context = accounts.Count > MaxAccounts
            ? string.Create(CultureInfo.InvariantCulture, $"Showing {MaxAccounts} of {accounts.Count} accounts. ")
            : string.Empty;
        blocks.Add(new ContextBlock([new MrkdwnText(context + "Levels come from the latest stored weekly score. `/adoption <account>` shows the full card.")]));
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
        text.Append("\nlevel ").Append(SlackText.Escape(latest.Level));
        if (history.Count > 1)
        {
            var previous = history[^2];
            var arrow = AnswerText.Arrow(AnswerText.Compare(previous.AdoptionScore, latest.AdoptionScore));
            text.Append(previous.Level == latest.Level
                ? $" (= since {TextRenderer.Date(previous.AsOf)})"
                : $" ({(arrow.Length > 0 ? arrow + " " : string.Empty)}was {SlackText.Escape(previous.Level)} on {TextRenderer.Date(previous.AsOf)})");
        }

        text.Append(" · as of ").Append(TextRenderer.Date(latest.AsOf));
        var colors = ScoreCardBuilder.ColorsOf(latest.UseCasesJson);
        var nearest = model.UseCases.FirstOrDefault(u => colors.GetValueOrDefault(u.Id) == HealthColor.Yellow)
            ?? model.UseCases.FirstOrDefault(u => colors.GetValueOrDefault(u.Id) == HealthColor.Red);
        if (nearest is not null)
        {
            text.Append("\nnearest to green: ").Append(SlackText.Escape(nearest.Name))
                .Append(" (").Append(AnswerText.ColorWord(colors[nearest.Id])).Append(')');
        }

        return text.ToString();
    }
}
