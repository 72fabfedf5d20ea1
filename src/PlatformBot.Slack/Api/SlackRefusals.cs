using System.Collections.Frozen;

namespace PlatformBot.Slack;

/// <summary>
/// Slack's error codes that mean a workspace, channel or person will not take the bot's message: the channel is gone,
/// archived or closed to the bot, the person left, is deactivated or cannot be messaged, the response_url expired.
/// They are Slack's answers in normal running (people archive channels and leave), so they are logged at Warning with
/// no stack trace; any other error code is a defect or a misconfiguration (invalid_auth, missing_scope,
/// invalid_blocks) and is logged at Error. Drawn from the documented errors of chat.postMessage, chat.postEphemeral,
/// chat.update, views.publish, files.completeUploadExternal, conversations.info, users.info and response_url.
/// </summary>
public static class SlackRefusals
{
    public static readonly FrozenSet<string> Expected = new[]
    {
        // the channel or conversation
        "channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "message_not_found",
        "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel", "ekm_access_denied", "team_access_not_granted", "access_denied",
        // the person
        "account_inactive", "user_not_found", "users_not_found", "user_not_in_channel", "cannot_dm_bot",
        "messages_tab_disabled", "user_disabled",
        // response_url: used five times, or older than 30 minutes
        "expired_url", "used_url",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsExpected(string error) => Expected.Contains(error);
}
