using System.Globalization;

namespace PlatformBot.Host.Features.Lookup;

// Digest alerts: what a subscription's creator and the alert channel are told when a digest did not simply go out.
// They are chat users, so every alert says what to do in Slack or Teams, never a CLI command.
public static partial class Wording
{
    /// <summary>The button under a broken-channel alert that puts the subscription back to active (managers only).</summary>
    public const string Reactivate = "Reactivate";

    /// <summary>What fixes a Slack channel the bot cannot post to.</summary>
    public const string SlackBrokenChannelFix = "invite the bot to the channel (/invite @PlatformBot), or unarchive it";

    /// <summary>What fixes a Teams conversation the bot cannot post to: an app install, not an invitation.</summary>
    public const string TeamsBrokenChannelFix = "add PlatformBot to the team or chat again, or restore the channel";

    /// <summary>A command as it is typed on the platform: "/adoption subscriptions" in Slack, "@PlatformBot subscriptions" in Teams.</summary>
    public static string ChatCommand(bool teams, string command) => (teams ? "@PlatformBot " : "/adoption ") + command;

    /// <summary>"Slack channel C0123" / "Teams channel 19:…".</summary>
    public static string DigestPlace(bool teams, string channelId) => $"{(teams ? "Teams" : "Slack")} channel {channelId}";

    /// <summary>Unknown outcome (a timeout, a 5xx, a sender that stopped mid-send): look, because nothing is resent.</summary>
    public static string DigestMaybePosted(string kind, string place, long subscriptionId, string period, string why, bool teams) =>
        $"{DigestOf(kind, place, subscriptionId, period)} may or may not have been posted: {why}. It is not resent automatically, so it never appears twice. " +
        $"Look in the channel; if it is missing, a PlatformBot admin can send it again. {ChatCommand(teams, "subscriptions")} in that channel lists its digests.";

    /// <summary>Partial: the headline is out, a thread reply or the chart is not.</summary>
    public static string DigestPartlyPosted(string kind, string place, long subscriptionId, string period, string problem) =>
        $"{DigestOf(kind, place, subscriptionId, period)} was posted in part: the headline is in the channel, but {problem}. " +
        "The headline is not posted again; the numbers in it are complete.";

    /// <summary>Failed with nothing posted.</summary>
    public static string DigestNotPosted(string kind, string place, long subscriptionId, string period, string why) =>
        $"{DigestOf(kind, place, subscriptionId, period)} was not posted: {why}. Nothing reached the channel; the next digest goes out as scheduled.";

    /// <summary>Missed by more than Digests:CatchUpWindow: recorded as skipped, not sent late.</summary>
    public static string DigestMissed(string kind, string place, long subscriptionId, string period, DateTimeOffset due, TimeSpan window, DateTimeOffset? next) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DigestOf(kind, place, subscriptionId, period)} was due {due.UtcDateTime:ddd yyyy-MM-dd HH:mm} UTC, when no PlatformBot host was running (or the subscription was paused). " +
            $"That is more than {Span(window)} ago, so it was skipped rather than posted late.") +
        (next is { } n ? string.Create(CultureInfo.InvariantCulture, $" The next one goes out {n.UtcDateTime:ddd yyyy-MM-dd HH:mm} UTC.") : string.Empty);

    /// <summary>The channel refused the digest: the subscription is paused until someone fixes the channel and reactivates it.</summary>
    public static string DigestChannelBroken(string kind, string place, long subscriptionId, string reason, string fix, bool teams) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Your {kind} digest for {place} (subscription {subscriptionId}) could not be posted: {reason}. It is paused until the channel is fixed. " +
            $"To fix it, {fix}; then a digest manager presses {Reactivate}, or types {ChatCommand(teams, $"subscriptions reactivate {subscriptionId}")} in that channel.");

    private static string DigestOf(string kind, string place, long subscriptionId, string period) =>
        string.Create(CultureInfo.InvariantCulture, $"The {kind} digest for {place} (subscription {subscriptionId}, {period})");

    private static string Span(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} day{(span.TotalDays == 1 ? string.Empty : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours");
}
