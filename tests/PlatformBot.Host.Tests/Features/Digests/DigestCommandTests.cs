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
}
