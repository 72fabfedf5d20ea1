namespace PlatformBot.Slack.Tests;

public sealed class SlackOptionsTests
{
    [Fact]
    public void Neither_secret_set_is_valid_and_not_configured()
    {
        SlackOptions options = new();

        Assert.Empty(options.Validate());
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void Both_secrets_set_is_valid_and_configured()
    {
        var options = TestOptions.Create();

        Assert.Empty(options.Validate());
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void Only_the_bot_token_set_names_the_missing_signing_secret()
    {
        SlackOptions options = new() { BotToken = "xoxb-1" };

        Assert.Equal(["Slack:BotToken is set but Slack:SigningSecret is missing"], options.Validate());
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void Only_the_signing_secret_set_names_the_missing_bot_token()
    {
        SlackOptions options = new() { SigningSecret = "s" };

        Assert.Equal(["Slack:SigningSecret is set but Slack:BotToken is missing"], options.Validate());
    }

    [Fact]
    public void Api_base_url_without_trailing_slash_is_reported()
    {
        var options = TestOptions.Create(o => o.ApiBaseUrl = new Uri("https://slack.com/api"));

        Assert.Contains(options.Validate(), e => e.Contains("ApiBaseUrl must end with '/'", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_positive_limits_are_reported()
    {
        var options = TestOptions.Create(o =>
        {
            o.MaxRequestBodyBytes = 0;
            o.RequestTimeout = TimeSpan.Zero;
        });

        Assert.Equal(2, options.Validate().Count);
    }

    [Fact]
    public void Empty_allow_list_allows_every_team()
    {
        SlackOptions options = new();

        Assert.True(options.IsTeamAllowed("T1"));
        Assert.True(options.IsTeamAllowed(null));
    }

    [Fact]
    public void Allow_list_admits_only_listed_teams_exactly()
    {
        SlackOptions options = new();
        options.AllowedTeamIds.Add("T1");

        Assert.True(options.IsTeamAllowed("T1"));
        Assert.False(options.IsTeamAllowed("t1"));
        Assert.False(options.IsTeamAllowed("T2"));
        Assert.False(options.IsTeamAllowed(null));
        Assert.False(options.IsTeamAllowed(""));
    }
}
