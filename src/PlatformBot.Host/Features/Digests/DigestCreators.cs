namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Who a subscription's alerts go to in person: its creator, as an id the subscription's platform can message.
/// Slack: a user id (U… or W…), messaged by DM. Teams: the bot-specific user id (29:…) or the Entra object id (a GUID),
/// messaged in a 1:1 chat. The CLI's own marker (cli:&lt;user&gt;, when --created-by is left out) alerts nobody in
/// person: the alert channels still hear.
/// </summary>
public static class DigestCreators
{
    public const string CliPrefix = "cli:";

    public static bool IsSlackUser(string? id) =>
        id is { Length: >= 3 and <= 24 } && id[0] is 'U' or 'W' && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    public static bool IsTeamsUser(string? id) =>
        id is not null && ((id.StartsWith("29:", StringComparison.Ordinal) && id.Length > 3 && !id.Any(char.IsWhiteSpace))
                           || Guid.TryParseExact(id, "D", out _));

    /// <summary>Null when <paramref name="createdBy"/> can be alerted on <paramref name="platform"/> (or is the CLI's marker); else why not, in one line.</summary>
    public static string? Check(DigestPlatform platform, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(createdBy);
        if (createdBy.StartsWith(CliPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return platform == DigestPlatform.Slack
            ? IsSlackUser(createdBy) ? null
                : $"--created-by {createdBy} is not a Slack user id (U… or W…; in Slack: the person's profile, ⋮, Copy member ID): failure alerts go to the creator by DM."
            : IsTeamsUser(createdBy) ? null
                : $"--created-by {createdBy} is not a Teams user id (29:…) or Entra object id (a GUID): failure alerts go to the creator in a 1:1 chat.";
    }
}
