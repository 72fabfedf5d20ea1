namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// "Show all" (ADR 0025): a list a digest cut, built again whole from the same snapshot, kind and filters, as a digest
/// of its own holding only that list (with the original footer), so each platform renders and splits it as it does
/// any digest thread. The same builder decides what is listed, so the whole list never disagrees with the cut one.
/// </summary>
public sealed class DigestFullLists(DigestDataLoader loader, DigestBuilder builder)
{
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
