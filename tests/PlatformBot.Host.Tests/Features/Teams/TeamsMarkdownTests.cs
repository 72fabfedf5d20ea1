using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using static PlatformBot.Host.Tests.Features.Lookup.Fixtures;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>Account names reached Teams cards as Markdown: a name could bold, link or mention whatever it liked.</summary>
public sealed class TeamsMarkdownTests
{
    private static readonly DigestFooter Footer = new(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 16), "all accounts", "Europe/Berlin", "m");

    [Fact]
    public void An_account_name_reaches_the_teams_card_as_text_not_as_markdown()
    {
        var card = AdaptiveCardRenderer.Render(Card() with { Name = HostileText.Name });

        HostileText.AssertInert(TeamsMarkdownReader.ReadCard(card), "teams card");
    }

    [Fact]
    public void An_account_name_reaches_the_teams_digest_as_text_not_as_markdown()
    {
        var content = new DigestContent(DigestKind.ScoreChanges, "Score changes", "1 account changed since 2026-11-16: 1 up.", [],
            [new DigestList("Up (1)", [new DigestLine(HostileText.Name, "1 → 2")])], null, Footer, NothingChanged: false);

        var activity = TeamsDigestRenderer.Render(content);

        HostileText.AssertInert(TeamsMarkdownReader.ReadCard(activity.Attachments![0].Content!), "teams digest");
    }
}
