namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// What to build: the kind, whose accounts, the zone the reader lives in (for the footer), and whether the channel may
/// see ARR amounts (<see cref="Access.ArrVisibility"/>). False by default: ARR is sensitive, so it is shown only when asked.
/// Without ARR a digest keeps its shares of ARR, counts and ranking, but no dollar figure. <see cref="Unlimited"/>
/// lists every account (a "Show all" request, <see cref="DigestShowAll"/>) instead of cutting lists.
/// </summary>
public sealed record DigestRequest(DigestKind Kind, DigestFilters Filters, string TimeZone, bool SkipWhenNoChanges = false, bool ShowArr = false, bool Unlimited = false);
