using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Conversation references in the store (<c>teams_conversations</c>), keyed by conversation id, for proactive
/// messages: digests and alerts. They outlive a restart and are shared by every node. Written on install
/// (conversationUpdate / installationUpdate), on a digest subscription from a conversation, and refreshed when a
/// message shows a new service URL; deleted when the bot is removed, the app uninstalled, or the team or channel
/// deleted. A conversation the connector refused for good (the user blocked the bot, the conversation is gone) is
/// marked unreachable, so digests stop trying, until the bot is installed there again or a message arrives from it
/// (ADR 0019). The install welcome is claimed here too, once per stored conversation.
/// </summary>
public sealed class ConversationReferenceStore(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    TimeProvider time,
    ILogger<ConversationReferenceStore> logger)
{
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.CountAsync(cancellationToken);
    }

    /// <summary>Inserts or replaces the reference of <see cref="ConversationReference.ConversationId"/>.</summary>
    public async Task SaveAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.ConversationId.Length > DigestLimits.Conversation || reference.ServiceUrl.Length > DigestLimits.Url)
        {
            // Longer than any id or URL Teams sends; storing it cut would make it point somewhere else.
            logger.LogWarning("Not storing a Teams conversation reference with an over-long conversation id or service URL");
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await OpenAsync(cancellationToken);
            var row = await db.TeamsConversations.FirstOrDefaultAsync(c => c.ConversationId == reference.ConversationId, cancellationToken);
            if (row is null)
            {
                row = new TeamsConversation
                {
                    ConversationId = reference.ConversationId,
                    ServiceUrl = reference.ServiceUrl,
                    BotChannel = reference.ChannelId,
                    CreatedAtUtc = now,
                };
                db.TeamsConversations.Add(row);
            }

            Apply(row, reference, now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Another request or node inserted the same conversation first (unique index): update that row.
                logger.LogDebug("Teams conversation reference was inserted concurrently; updating it instead");
            }
        }
    }

    /// <summary>
    /// A message arrived: if it comes from a known conversation (the conversation itself, its channel root, or
    /// another conversation of its team and tenant) and shows a different service URL, store the new one. Unknown
    /// conversations are not added here (a channel message's id is a thread, not a place to post digests).
    /// </summary>
    public async Task<int> RefreshAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var serviceUrl = activity.ServiceUrl;
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(conversationId) || serviceUrl.Length > DigestLimits.Url)
        {
            return 0;
        }

        string[] ids = [.. new[] { conversationId, ChannelRoot(conversationId), activity.GetTeamsChannelId() }
            .Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct(StringComparer.Ordinal)];
        var teamId = activity.GetTeamId();
        var tenantId = activity.GetTenantId();
        await using var db = await OpenAsync(cancellationToken);
        var stale = db.TeamsConversations.Where(c =>
            c.ServiceUrl != serviceUrl
            && (ids.Contains(c.ConversationId) || (teamId != null && c.TeamId == teamId))
            && (tenantId == null || c.TenantId == null || c.TenantId == tenantId));

        // A message from a conversation marked unreachable shows it can hear us again (the user unblocked the bot).
        var reachableAgain = db.TeamsConversations.Where(c => c.UnreachableSinceUtc != null && ids.Contains(c.ConversationId));

        // Read first: almost every message finds nothing to change, and a read takes no write lock.
        var marked = await reachableAgain.AnyAsync(cancellationToken);
        if (!marked && !await stale.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (marked)
        {
            await reachableAgain.ExecuteUpdateAsync(u => u.SetProperty(c => c.UnreachableSinceUtc, (DateTime?)null)
                .SetProperty(c => c.UnreachableReason, (string?)null).SetProperty(c => c.UpdatedAtUtc, now), cancellationToken);
            logger.LogInformation("A message arrived from a Teams conversation marked unreachable; digests may post there again");
        }

        var changed = await stale.ExecuteUpdateAsync(u => u.SetProperty(c => c.ServiceUrl, serviceUrl).SetProperty(c => c.UpdatedAtUtc, now), cancellationToken);
        logger.LogInformation("Teams service URL changed; refreshed {Count} stored conversation reference(s)", changed);
        return changed;
    }

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.Where(c => c.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Forgets every conversation of a team (the team was deleted or the app removed from it).</summary>
    public async Task<int> RemoveTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.Where(c => c.TeamId == teamId || c.ConversationId == teamId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets a deleted channel (its root conversation and references taken from it).</summary>
    public async Task<int> RemoveChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.Where(c => c.ConversationId == channelId || c.TeamsChannelId == channelId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The connector refused <paramref name="conversationId"/> for good: marks its stored reference (and, for a channel
    /// thread, the channel's) unreachable with <paramref name="reason"/>. Returns how many references were marked;
    /// nothing is stored for a conversation we hold no reference of.
    /// </summary>
    public async Task<int> MarkUnreachableAsync(string conversationId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(reason);
        string[] ids = [.. new[] { conversationId, ChannelRoot(conversationId) }.Distinct(StringComparer.Ordinal)];
        var cut = reason.Length <= 200 ? reason : reason[..200];
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.Where(c => ids.Contains(c.ConversationId) && c.UnreachableSinceUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UnreachableSinceUtc, now).SetProperty(c => c.UnreachableReason, cut), cancellationToken);
    }

    /// <summary>The mark of the reference a digest target would use (<see cref="FindForTargetAsync"/>), or null when it is reachable.</summary>
    public async Task<UnreachableConversation?> UnreachableAsync(string channelOrConversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelOrConversationId);
        await using var db = await OpenAsync(cancellationToken);
        var row = await RowForTargetAsync(db, channelOrConversationId, cancellationToken);
        return row is { UnreachableSinceUtc: { } since }
            ? new UnreachableConversation(row.ConversationId, since, row.UnreachableReason ?? "refused by the Bot Connector")
            : null;
    }

    /// <summary>
    /// Claims the install welcome of a stored conversation: true exactly once per stored reference (a conditional
    /// update, so the two events Teams sends for one install, or two nodes, cannot both welcome).
    /// </summary>
    public async Task<bool> TryClaimWelcomeAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await OpenAsync(cancellationToken);
        return await db.TeamsConversations.Where(c => c.ConversationId == conversationId && c.WelcomedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.WelcomedAtUtc, now), cancellationToken) == 1;
    }

    /// <summary>The welcome could not be sent: let the next install event try again.</summary>
    public async Task ReleaseWelcomeAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var db = await OpenAsync(cancellationToken);
        await db.TeamsConversations.Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.WelcomedAtUtc, (DateTime?)null), cancellationToken);
    }

    public async Task<ConversationReference?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        await using var db = await OpenAsync(cancellationToken);
        var row = await db.TeamsConversations.AsNoTracking().FirstOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken);
        return row is null ? null : ToReference(row);
    }

    /// <summary>
    /// The freshest reference for a digest target: the conversation itself, else a reference taken in the channel
    /// (or of the team, whose General channel id is the team id), newest first.
    /// </summary>
    public async Task<ConversationReference?> FindForTargetAsync(string channelOrConversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channelOrConversationId);
        await using var db = await OpenAsync(cancellationToken);
        var row = await RowForTargetAsync(db, channelOrConversationId, cancellationToken);
        return row is null ? null : ToReference(row);
    }

    private static async Task<TeamsConversation?> RowForTargetAsync(PlatformBotDbContext db, string channelOrConversationId, CancellationToken cancellationToken) =>
        await db.TeamsConversations.AsNoTracking()
            .FirstOrDefaultAsync(c => c.ConversationId == channelOrConversationId, cancellationToken)
        ?? await db.TeamsConversations.AsNoTracking()
            .Where(c => c.TeamsChannelId == channelOrConversationId || c.TeamId == channelOrConversationId)
            .OrderByDescending(c => c.UpdatedAtUtc).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ConversationReference>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.TeamsConversations.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ToReference)];
    }

    /// <summary>"19:…@thread.tacv2;messageid=123" → "19:…@thread.tacv2": the channel a thread belongs to.</summary>
    public static string ChannelRoot(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var cut = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }

    private async Task<PlatformBotDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        return await contexts.CreateDbContextAsync(cancellationToken);
    }

    private static void Apply(TeamsConversation row, ConversationReference reference, DateTime now)
    {
        row.ServiceUrl = reference.ServiceUrl;
        row.BotChannel = Id(reference.ChannelId, 32) ?? "msteams";
        row.ConversationType = Id(reference.ConversationType, 32);
        row.IsGroup = reference.IsGroup;
        row.TenantId = Id(reference.TenantId, Limits.Id);
        row.BotId = Id(reference.BotId, Limits.Name);
        row.BotName = Name(reference.BotName);
        row.UserId = Id(reference.UserId, Limits.Name);
        row.UserAadObjectId = Id(reference.UserAadObjectId, Limits.Id);
        row.UserName = Name(reference.UserName);
        row.TeamId = Id(reference.TeamId, DigestLimits.Channel);
        row.TeamsChannelId = Id(reference.TeamsChannelId, DigestLimits.Channel);
        row.UpdatedAtUtc = now;

        // Stored again (an install, a subscription made from the conversation): it can hear us.
        row.UnreachableSinceUtc = null;
        row.UnreachableReason = null;
    }

    // An id longer than its column is not a real Teams id: dropped, since a cut id would name something else.
    private static string? Id(string? value, int max) => value is null || value.Length <= max ? value : null;

    // Display names are only shown: cut to fit.
    private static string? Name(string? value) => value is null || value.Length <= Limits.Name ? value : value[..Limits.Name];

    private static ConversationReference ToReference(TeamsConversation row) => new()
    {
        ServiceUrl = row.ServiceUrl,
        ChannelId = row.BotChannel,
        ConversationId = row.ConversationId,
        ConversationType = row.ConversationType,
        IsGroup = row.IsGroup,
        TenantId = row.TenantId,
        BotId = row.BotId,
        BotName = row.BotName,
        UserId = row.UserId,
        UserAadObjectId = row.UserAadObjectId,
        UserName = row.UserName,
        TeamId = row.TeamId,
        TeamsChannelId = row.TeamsChannelId,
    };
}
