namespace PlatformBot.Slack.Tests;

public sealed class SlackUrlPolicyTests
{
    private static readonly Uri[] TestOrigin = [new("http://127.0.0.1:5123")];

    [Theory]
    [InlineData("https://hooks.slack.com/commands/T1/1/abc", true)]
    [InlineData("https://files.slack.com/upload/v1/abc", true)]
    [InlineData("https://slack.com/api/x", true)]
    [InlineData("https://HOOKS.SLACK.COM/commands/x", true)]
    [InlineData("http://hooks.slack.com/commands/x", false)]
    [InlineData("https://hooks.slack.com.evil.io/x", false)]
    [InlineData("https://notslack.com/x", false)]
    [InlineData("https://user@hooks.slack.com/x", false)]
    [InlineData("https://hooks.slack.com:444/x", false)]
    [InlineData("http://127.0.0.1:5123/commands/x", true)]
    [InlineData("http://127.0.0.1:5124/commands/x", false)]
    [InlineData("https://127.0.0.1:5123/commands/x", false)]
    [InlineData("http://localhost:5123/commands/x", false)]
    public void Only_https_slack_hosts_and_configured_origins_are_allowed(string url, bool allowed)
    {
        Assert.Equal(allowed, SlackUrlPolicy.IsAllowed(new Uri(url), TestOrigin));
    }

    [Fact]
    public void Relative_urls_are_refused()
    {
        Assert.False(SlackUrlPolicy.IsAllowed(new Uri("/commands/x", UriKind.Relative), TestOrigin));
    }
}
