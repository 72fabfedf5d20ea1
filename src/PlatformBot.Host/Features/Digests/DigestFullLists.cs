using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// "Show all" (ADR 0025): a list a digest cut, built again whole from the same snapshot, kind and filters, as a digest
/// of its own holding only that list (with the original footer), so each platform renders and splits it as it does
/// any digest thread. The same builder decides what is listed, so the whole list never disagrees with the cut one.
/// Each list is posted once per digest thread: the first click inserts its row (<see cref="ClaimAsync"/>), later
/// clicks, on any node, find it and post nothing.
/// </summary>
public sealed class DigestFullLists(
    DigestDataLoader loader,
    DigestBuilder builder,
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    TimeProvider time)
{
    /// <summary>
    /// The one right to post <paramref name="showAll"/>'s list into <paramref name="thread"/> (Slack "channel/thread_ts",
    /// Teams the reply chain's conversation id): true for the first click; false when it was posted there already.
    /// </summary>
    public async Task<bool> ClaimAsync(DigestPlatform platform, string thread, DigestShowAll showAll, string clickedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(showAll);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ListPostClaims.InsertIfAbsentAsync(db, new DigestListPost
        {
            Platform = platform.Text(), Thread = Limits.Fit(thread, DigestLimits.Conversation), ListKey = Limits.Fit(showAll.List, Limits.Label),
            PostedBy = Limits.Fit(clickedBy, Limits.Name), PostedAtUtc = time.GetUtcNow().UtcDateTime,
        }, cancellationToken);
    }

    /// <summary>Gives the right back when nothing of the list reached the thread (the post failed): a later click may try again.</summary>
    public async Task ReleaseAsync(DigestPlatform platform, string thread, DigestShowAll showAll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(showAll);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (key, list, place) = (platform.Text(), Limits.Fit(showAll.List, Limits.Label), Limits.Fit(thread, DigestLimits.Conversation));
        await db.DigestListPosts.Where(p => p.Platform == key && p.Thread == place && p.ListKey == list).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The whole list, ARR amounts only when <paramref name="showArr"/> (the rule of the channel it will be posted in);
    /// null when the week's snapshot is no longer stored or the list no longer exists.
    /// </summary>
    public async Task<DigestContent?> BuildAsync(DigestShowAll showAll, bool showArr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(showAll);
        var data = await loader.LoadAsync(showAll.DataDate, cancellationToken);
        if (data.DataDate != showAll.DataDate)
        {
            return null;
        }

        var content = builder.Build(data, new DigestRequest(showAll.Kind, showAll.Filters, showAll.TimeZone, ShowArr: showArr, Unlimited: true));
        return content.Details.OfType<DigestList>().FirstOrDefault(l => string.Equals(l.Key, showAll.List, StringComparison.Ordinal)) is { } list
            ? content with { Headline = list.Title, Summary = [], Details = [list], Chart = null }
            : null;
    }
}
