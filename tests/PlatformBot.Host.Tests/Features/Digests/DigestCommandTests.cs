using PlatformBot.Host.Features.Digests;
using CliRunner = PlatformBot.Host.Tests.Support.Cli;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>The `platformbot subscriptions` and `platformbot digests` verbs, run as a user would run them.</summary>
public sealed class DigestCommandTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("platformbot-digest-cli-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task Subscriptions_can_be_added_listed_and_removed_and_digests_previewed_and_logged_from_the_command_line()
    {
        var add = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000001", "--kind", "score-changes",
            "--day", "tue", "--time", "07:45", "--tz", "America/New_York");
        Assert.True(add.ExitCode == 0, add.Stderr);
        var id = add.Stdout.Trim();
        Assert.Matches("^[0-9]+$", id);
        Assert.Contains("every Tuesday at 07:45 (America/New_York)", add.Stderr, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000001", "--kind", "arr-kpi", "--tz", "Berlin");
        Assert.Equal(2, bad.ExitCode);
        var line = Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("tz=Berlin is not an IANA time zone", line, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync(_data.FullName, "subscriptions", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith(id + "  slack CCLI000001  score-changes  all accounts  every Tuesday at 07:45 (America/New_York)", list.Stdout, StringComparison.Ordinal);

        var preview = await CliRunner.RunAsync(_data.FullName, "digests", "preview", "--kind", "arr-kpi", "--as-of", "2026-11-23");
        Assert.Equal(0, preview.ExitCode);
        Assert.Contains("\"method\": \"chat.postMessage\"", preview.Stdout, StringComparison.Ordinal);
        Assert.Contains("No stored scores yet", preview.Stdout, StringComparison.Ordinal);

        // Slack is not configured here: the send fails, says why, and the log shows it
        var send = await CliRunner.RunAsync(_data.FullName, "digests", "send", "--subscription", id, "--as-of", "2026-11-23");
        Assert.Equal(1, send.ExitCode);
        Assert.Contains("Slack is not configured", send.Stderr, StringComparison.Ordinal);
        var log = await CliRunner.RunAsync(_data.FullName, "digests", "log");
        Assert.Contains($"sub {id}  2026-W48  failed  cli", log.Stdout, StringComparison.Ordinal);

        var remove = await CliRunner.RunAsync(_data.FullName, "subscriptions", "remove", id);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("No subscriptions", (await CliRunner.RunAsync(_data.FullName, "subscriptions", "list")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_creator_that_is_no_slack_or_teams_user_id_is_refused_in_one_line_because_nobody_could_be_alerted()
    {
        var bob = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000002", "--kind", "arr-kpi", "--created-by", "bob");
        var teamsIdOnSlack = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000002", "--kind", "arr-kpi", "--created-by", "29:1abc");
        var slackUser = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000002", "--kind", "arr-kpi", "--created-by", "U0123ABCD9");

        Assert.Equal(2, bob.ExitCode);
        Assert.Equal("error: --created-by bob is not a Slack user id (U… or W…; in Slack: the person's profile, ⋮, Copy member ID): failure alerts go to the creator by DM.",
            bob.Stderr.Trim());
        Assert.Equal(2, teamsIdOnSlack.ExitCode);
        Assert.True(slackUser.ExitCode == 0, slackUser.Stderr);
        Assert.True(DigestCreators.IsTeamsUser("29:1abcDEF-xyz") && DigestCreators.IsTeamsUser("b15a3c2e-9d4f-4a1b-8c7d-0e1f2a3b4c5d"));
        Assert.False(DigestCreators.IsTeamsUser("bob") || DigestCreators.IsTeamsUser("29:"));
    }

    [Fact]
    public async Task Update_changes_the_schedule_and_filters_in_place_keeping_the_id_and_the_delivery_log_with_the_checks_of_add()
    {
        var add = await CliRunner.RunAsync(_data.FullName, "subscriptions", "add", "--platform", "slack", "--channel", "CCLI000003", "--kind", "score-changes", "--segment", "enterprise");
        Assert.True(add.ExitCode == 0, add.Stderr);
        var id = add.Stdout.Trim();
        var send = await CliRunner.RunAsync(_data.FullName, "digests", "send", "--subscription", id, "--as-of", "2026-11-23"); // a delivery row (failed: no Slack here)
        Assert.Equal(1, send.ExitCode);

        var update = await CliRunner.RunAsync(_data.FullName, "subscriptions", "update", id, "--day", "fri", "--time", "16:30", "--tz", "Europe/Paris", "--segment", "any", "--region", "emea");
        var bad = await CliRunner.RunAsync(_data.FullName, "subscriptions", "update", id, "--tz", "Berlin");
        var missing = await CliRunner.RunAsync(_data.FullName, "subscriptions", "update", "999", "--day", "mon");

        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Contains($"Updated subscription {id}: score-changes for region=emea every Friday at 16:30 (Europe/Paris)", update.Stdout, StringComparison.Ordinal);
        var list = await CliRunner.RunAsync(_data.FullName, "subscriptions", "list");
        Assert.StartsWith(id + "  slack CCLI000003  score-changes  region=emea  every Friday at 16:30 (Europe/Paris)", list.Stdout, StringComparison.Ordinal);
        var log = await CliRunner.RunAsync(_data.FullName, "digests", "log", "--subscription", id);
        Assert.Contains($"sub {id}  2026-W48  failed", log.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("tz=Berlin is not an IANA time zone", bad.Stderr, StringComparison.Ordinal); // add's words: one check
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("There is no subscription 999", missing.Stderr, StringComparison.Ordinal);
    }
}
