using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Access;

/// <summary>
/// The one ARR visibility rule, read from the configuration keys operators set (through the real host), as a table:
/// who, where, and whether amounts show.
/// </summary>
public sealed class ArrVisibilityTests(ArrVisibilityTests.Hosts hosts) : IClassFixture<ArrVisibilityTests.Hosts>
{
    private const string TeamsFinance = "19:finance@thread.tacv2";
    private const string TeamsViewer = "0f1e2d3c-0000-4000-8000-00000000000a";

    /// <summary>Two real hosts for the whole table: one with every ARR setting, one with none.</summary>
    public sealed class Hosts : IDisposable
    {
        public PlatformBotFactory Configured { get; } = new PlatformBotFactory()
            .With("Slack:ArrViewerUserIds:0", "U0VIEWER1")
            .With("Slack:ArrViewerUserIds:1", " ") // a blank entry opens nothing
            .With("Slack:ArrViewerChannelIds:0", "CFINANCE1")
            .With("Teams:ArrViewerAadObjectIds:0", TeamsViewer)
            .With("Teams:ArrViewerConversationIds:0", TeamsFinance)
            .With("Preview:ShowArr", "true");

        public PlatformBotFactory Unconfigured { get; } = new();

        public void Dispose()
        {
            Configured.Dispose();
            Unconfigured.Dispose();
        }
    }

    /// <summary>
    /// Kinds: slack-user (user, channel), slack-channel (channel: a digest), teams-user (aadObjectId),
    /// teams-conversation (channel, conversation: a digest), preview, cli (user "show-arr" = --show-arr given).
    /// </summary>
    private static ArrAudience Audience(string kind, string? user, string? channel, string? conversation) => kind switch
    {
        "slack-user" => ArrAudience.SlackUser(user, channel),
        "slack-channel" => ArrAudience.SlackChannel(channel),
        "teams-user" => ArrAudience.TeamsUser(user),
        "teams-conversation" => ArrAudience.TeamsConversation(channel, conversation),
        "preview" => ArrAudience.Preview,
        "cli" => ArrAudience.Cli(showArrRequested: user == "show-arr"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Theory]
    // Slack lookups: a listed user anywhere, anyone in a listed channel; ids are exact (Slack ids are upper case).
    [InlineData("slack-user", "U0VIEWER1", "CGENERAL1", null, true)]
    [InlineData("slack-user", "U0VIEWER1", null, null, true)] // the App Home: no channel
    [InlineData("slack-user", "U0OTHER01", "CFINANCE1", null, true)]
    [InlineData("slack-user", "U0OTHER01", "CGENERAL1", null, false)]
    [InlineData("slack-user", "u0viewer1", null, null, false)]
    [InlineData("slack-user", " ", null, null, false)]
    [InlineData("slack-user", null, null, null, false)]
    // Slack digests: only the channel counts.
    [InlineData("slack-channel", null, "CFINANCE1", null, true)]
    [InlineData("slack-channel", null, "CGENERAL1", null, false)]
    [InlineData("slack-channel", null, "cfinance1", null, false)]
    // Teams lookups: the user's aadObjectId, in any case.
    [InlineData("teams-user", TeamsViewer, null, null, true)]
    [InlineData("teams-user", "0F1E2D3C-0000-4000-8000-00000000000A", null, null, true)]
    [InlineData("teams-user", "0f1e2d3c-0000-4000-8000-00000000000b", null, null, false)]
    [InlineData("teams-user", null, null, null, false)]
    // Teams digests: the channel or the conversation, in any case; never a user.
    [InlineData("teams-conversation", null, TeamsFinance, null, true)]
    [InlineData("teams-conversation", null, "19:general@thread.tacv2", TeamsFinance, true)]
    [InlineData("teams-conversation", null, "19:FINANCE@thread.tacv2", null, true)]
    [InlineData("teams-conversation", null, "19:general@thread.tacv2", null, false)]
    // The platforms' lists do not open each other.
    [InlineData("slack-channel", null, TeamsFinance, null, false)]
    [InlineData("teams-conversation", null, "CFINANCE1", null, false)]
    [InlineData("slack-user", TeamsViewer, null, null, false)]
    [InlineData("teams-user", "U0VIEWER1", null, null, false)]
    [InlineData("teams-user", TeamsFinance, null, null, false)] // a listed conversation id is not a user
    // The preview follows Preview:ShowArr; the CLI only --show-arr.
    [InlineData("preview", null, null, null, true)]
    [InlineData("cli", "show-arr", null, null, true)]
    [InlineData("cli", null, null, null, false)]
    public void Amounts_show_only_to_a_listed_user_or_in_a_listed_channel_or_where_switched_on(
        string kind, string? user, string? channel, string? conversation, bool expected)
    {
        var rule = hosts.Configured.Services.GetRequiredService<ArrVisibility>();

        Assert.Equal(expected, rule.MaySeeArr(Audience(kind, user, channel, conversation)));
    }

    [Theory]
    [InlineData("slack-user", "U0VIEWER1", "CFINANCE1", null, false)]
    [InlineData("slack-channel", null, "CFINANCE1", null, false)]
    [InlineData("teams-user", TeamsViewer, null, null, false)]
    [InlineData("teams-conversation", null, TeamsFinance, TeamsFinance, false)]
    [InlineData("preview", null, null, null, false)]
    [InlineData("cli", null, null, null, false)]
    [InlineData("cli", "show-arr", null, null, true)] // the one who runs the CLI can read the store: asking is enough
    public void With_nothing_configured_nobody_sees_amounts_but_the_cli_when_asked(
        string kind, string? user, string? channel, string? conversation, bool expected)
    {
        var rule = hosts.Unconfigured.Services.GetRequiredService<ArrVisibility>();

        Assert.Equal(expected, rule.MaySeeArr(Audience(kind, user, channel, conversation)));
    }

    [Fact]
    public void A_digest_audience_carries_no_person_so_its_creator_cannot_open_it()
    {
        // The factories are the guard: a channel audience has no user to match, a user audience no channel.
        Assert.Null(ArrAudience.SlackChannel("CFINANCE1").UserId);
        Assert.Null(ArrAudience.TeamsConversation(TeamsFinance, TeamsFinance).UserId);
        Assert.Null(ArrAudience.TeamsUser(TeamsViewer).ConversationId);
        Assert.Null(ArrAudience.TeamsUser(TeamsViewer).ChannelId);
    }
}
