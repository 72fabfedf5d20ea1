namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// How a platform reaches one person for the personal digest: where to post (a Slack user id, which chat.postMessage
/// turns into the app's DM; a Teams personal chat), who the person is there (a Slack user id; a Teams Entra object id
/// or "29:…" id - the ARR rule and the alerts go by it) and their IANA time zone when the platform says it.
/// </summary>
public sealed record PersonalReach(DigestTarget Target, string Person, string? TimeZone);
