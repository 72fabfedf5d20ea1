using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

namespace PlatformBot.Host.Tests.Features.Slack;

public sealed class BlockKitRendererTests
{
    [Fact]
    public void Markup_in_data_is_escaped_and_top_level_text_is_set()
    {
        var message = BlockKitRenderer.Render(new NotFoundAnswer("<!channel> & co", [new AccountChoice("A-9", "Smith & <Sons>", null, null)]));

        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        var json = SlackJson.Serialize(message);
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.Contains("Smith &amp; &lt;Sons&gt;", json, StringComparison.Ordinal);
        Assert.Contains("pick_account", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_and_errors_render_as_sections()
    {
        var help = BlockKitRenderer.Render(new HelpAnswer(LookupService.Commands, [new UseCaseName("ci", "Continuous integration")]));
        var error = BlockKitRenderer.Render(new ErrorAnswer("No scores are stored yet"));

        Assert.All(help.Blocks!, b => Assert.IsType<SectionBlock>(b));
        Assert.Equal("No scores are stored yet", error.Text);
    }

    [Theory]
    [InlineData("U1", "C9", true)]
    [InlineData("U9", "C1", true)]
    [InlineData("U9", "C9", false)]
    [InlineData(null, null, false)]
    public void Arr_policy_allows_listed_users_or_channels_only(string? user, string? channel, bool expected)
    {
        var policy = new SlackAccessPolicy(Options.Create(new SlackAccessOptions { ArrViewerUserIds = ["U1"], ArrViewerChannelIds = ["C1"] }));

        Assert.Equal(expected, policy.MaySeeArr(user, channel));
    }

    [Fact]
    public void Arr_policy_fails_closed_when_nothing_is_listed()
    {
        var policy = new SlackAccessPolicy(Options.Create(new SlackAccessOptions()));

        Assert.False(policy.MaySeeArr("U1", "C1"));
    }
}
