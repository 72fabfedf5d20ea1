using System.Text.Json;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;

namespace PlatformBot.Host.Tests.Features.Slack;

public sealed class SlackHomeTests : IDisposable
{
    private readonly PlatformBotFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>"`/adoption &lt;account&gt;`" went out raw: Slack reads &lt;account&gt; as a link token and shows nothing.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("nobody@example.com")]
    public async Task The_app_home_shows_the_account_placeholder_as_text_not_as_a_slack_link(string? email)
    {
        var blocks = await SlackHome.BuildAsync(_factory.Services, email, CancellationToken.None);

        using var view = JsonDocument.Parse(SlackJson.Serialize(new HomeView(blocks)));
        var fields = SlackMrkdwnReader.ReadAll(view.RootElement);
        Assert.All(fields, f => Assert.Empty(f.Reading.MentionsAndLinks));
        Assert.Contains(fields, f => f.Reading.Visible.Contains("/adoption <account>", StringComparison.Ordinal));
    }
}
