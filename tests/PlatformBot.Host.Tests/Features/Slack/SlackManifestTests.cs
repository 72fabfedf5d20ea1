using System.Text.RegularExpressions;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Tests.Features.Slack;

/// <summary>
/// manifests/slack/app-manifest.yaml against the code: every Web API method the Slack client can call has its bot
/// scope, and the slash command's usage hint names every command the bot answers.
/// </summary>
public sealed partial class SlackManifestTests
{
    /// <summary>
    /// The bot scopes each Web API method needs (Slack's method reference). A method the client calls that is missing
    /// here fails the test, so a new call cannot ship without its scope being decided.
    /// </summary>
    private static readonly Dictionary<string, string[]> ScopesByMethod = new(StringComparer.Ordinal)
    {
        ["auth.test"] = [],
        ["chat.postMessage"] = ["chat:write"],
        ["chat.postEphemeral"] = ["chat:write"],
        ["chat.update"] = ["chat:write"],
        ["users.info"] = ["users:read"],
        ["users.lookupByEmail"] = ["users:read.email"],
        // public channels, and private ones (a digest subscribed in a private channel)
        ["conversations.info"] = ["channels:read", "groups:read"],
        ["views.publish"] = [],
        ["files.getUploadURLExternal"] = ["files:write"],
        ["files.completeUploadExternal"] = ["files:write"],
    };

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlatformBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PlatformBot.sln not found above the test output");
    }

    private static string[] Manifest() => File.ReadAllLines(Path.Combine(Root(), "manifests", "slack", "app-manifest.yaml"));

    /// <summary>The list under oauth_config.scopes.bot (comments skipped).</summary>
    private static HashSet<string> BotScopes()
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        var inScopes = false;
        var inBot = false;
        foreach (var line in Manifest())
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (trimmed == "scopes:")
            {
                inScopes = true;
                continue;
            }

            if (inScopes && trimmed == "bot:")
            {
                inBot = true;
                continue;
            }

            if (inBot && trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                scopes.Add(trimmed[2..].Trim());
                continue;
            }

            if (inBot)
            {
                break;
            }
        }

        return scopes;
    }

    /// <summary>Every method named in a call of SlackApiClient (CallFormAsync / CallJsonAsync with a literal method).</summary>
    private static List<string> CalledMethods()
    {
        var source = File.ReadAllText(Path.Combine(Root(), "src", "PlatformBot.Slack", "Api", "SlackApiClient.cs"));
        return [.. CallPattern().Matches(source).Select(m => m.Groups["method"].Value).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("""Call(Form|Json)Async\(\s*"(?<method>[a-zA-Z]+\.[a-zA-Z.]+)"\s*,""")]
    private static partial Regex CallPattern();

    [Fact]
    public void Every_method_the_slack_client_calls_has_its_bot_scope_in_the_manifest()
    {
        var called = CalledMethods();
        var scopes = BotScopes();

        Assert.Contains("chat.postMessage", called); // the scan finds the calls
        Assert.Contains("commands", scopes); // and the parse finds the scopes
        Assert.All(called, method =>
        {
            Assert.True(ScopesByMethod.TryGetValue(method, out var needed), $"SlackApiClient calls {method}: add it and its scopes to the table");
            Assert.All(needed!, scope => Assert.True(scopes.Contains(scope), $"{method} needs the bot scope {scope}, which the manifest does not request"));
        });
    }

    [Fact]
    public void The_slash_commands_usage_hint_names_every_command()
    {
        var hint = Manifest().Single(l => l.TrimStart().StartsWith("usage_hint:", StringComparison.Ordinal));
        var verbs = LookupService.Commands.Select(c => c.Usage.Split(' ')[0]).Where(v => !v.StartsWith('<'));

        Assert.All(verbs, verb => Assert.Matches($@"[""| ]{Regex.Escape(verb)}\b", hint));
    }
}
