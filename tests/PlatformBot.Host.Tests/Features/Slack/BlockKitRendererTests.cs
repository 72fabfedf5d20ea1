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
}
