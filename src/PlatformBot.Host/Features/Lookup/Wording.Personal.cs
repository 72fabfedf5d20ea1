using System.Globalization;

namespace PlatformBot.Host.Features.Lookup;

// The personal my-accounts digest and its opt-in command: what one owner or CSM reads about their own book.
public static partial class Wording
{
    /// <summary>The command as typed after /adoption (Slack) or @PlatformBot (Teams).</summary>
    public const string PersonalDigestCommand = "digest me on|off";

    public const string PersonalChangedTitle = "Level or use-case colours changed";

    /// <summary>The ranking is said in the title, so it reads the same with or without ARR amounts.</summary>
    public const string PersonalOneMetricTitle = "One metric from the next level (largest ARR at stake first)";

    public const string PersonalNoDataTitle = "No data for two weeks";

    /// <summary>An account of the book the engine returned no score for (removed since the directory was loaded).</summary>
    public const string PersonalNotScored = "no score: the account has no usage data";

    /// <summary>
    /// Under a digest sent to someone who may not see ARR: the order still follows ARR (as every digest without
    /// amounts does), but no figure is shown, and the reader is told why rather than left to wonder.
    /// </summary>
    public const string PersonalArrHidden = "ARR amounts are shown only to people allowed to see ARR; the order above still puts the largest ARR first.";

    /// <summary>"owner or CSM sam@example.com": the footer's filter line of a personal digest.</summary>
    public static string PersonalBook(string email) => "owner or CSM " + email;

    /// <summary>"level 2 → 1": a level move in a personal digest, in the changes and in the one-metric list alike.</summary>
    public static string PersonalLevelMove(string fromLevel, string toLevel) => $"{LevelName(fromLevel)} → {toLevel}";

    /// <summary>"level 2 → 3+ if CI builds per billable user 31 -> needs > 40".</summary>
    public static string PersonalOneMetric(string fromLevel, string toLevel, string distance) =>
        $"{PersonalLevelMove(fromLevel, toLevel)} if {distance}";

    public static string PersonalHeadline(int accounts, int changed, int oneMetric, int noData, DateOnly? since) =>
        accounts == 0
            ? "No account lists you as owner or CSM, so there is nothing to report."
            : changed + oneMetric + noData == 0
                ? string.Create(CultureInfo.InvariantCulture, $"Your {Count(accounts, "account")}: nothing changed{Since(since)}, none is one metric from the next level, all have recent data.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Your {Count(accounts, "account")}: {changed} changed{Since(since)}, {oneMetric} one metric from the next level, {noData} without data for two weeks.");

    /// <summary>The reply to `digest me on|off` (and to anything else after `digest`).</summary>
    public static string PersonalDigestUsage(bool teams) =>
        $"Use {ChatCommand(teams, "digest me on")} for a weekly direct message about the accounts you own or look after, {ChatCommand(teams, "digest me off")} to stop it.";

    public static string PersonalDigestOn(string email, string schedule) =>
        $"Your weekly digest is on: the accounts that list {email} as owner or CSM, {schedule}. Turn it off with \"digest me off\".";

    public const string PersonalDigestOff = "Your weekly digest is off. Turn it on again with \"digest me on\".";

    /// <summary>Teams: the digest goes into the person's 1:1 chat with the bot, so that is where it is turned on.</summary>
    public const string PersonalDigestInPersonalChat = "Your weekly digest comes as a direct message: say \"digest me on\" in a personal chat with PlatformBot.";

    public const string PersonalDigestNoEmail =
        "I cannot see your e-mail address, so I cannot find the accounts you own or look after. Ask your PlatformBot admin to check the app's permissions.";

    /// <summary>Recorded (and shown in the subscription list) for a person the bot found no way to message.</summary>
    public static string PersonalUnreachable(string email) =>
        $"{email} owns or looks after accounts, but no Slack user has this e-mail and Teams users turn their digest on themselves (\"digest me on\" in a chat with PlatformBot): the digest cannot be delivered";

    private static string Count(int n, string what) => string.Create(CultureInfo.InvariantCulture, $"{n} {what}{(n == 1 ? string.Empty : "s")}");

    private static string Since(DateOnly? since) => since is { } d ? " since " + Figures.Date(d) : string.Empty;
}
