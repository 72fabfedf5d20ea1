using System.Text.RegularExpressions;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Teams;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>ARR amounts in a digest follow the channel: Slack:ArrViewerChannelIds, Teams:ArrViewerConversationIds.</summary>
public sealed partial class DigestArrTests : IAsyncLifetime, IDisposable
{
    private const string Finance = "CFINANCE01";
    private const string Csm = "CCSMTEAM01";
    private const string TeamsFinance = "19:finance@thread.tacv2";
    private const string ArrViewer = "U0ARRVIEW1";
    private readonly FakeSlack _slack = new();
    private DigestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new DigestHost(_slack);
        _host.With("Slack:ArrViewerChannelIds:0", Finance);
        _host.With("Teams:ArrViewerConversationIds:0", TeamsFinance);
        _host.With("Slack:ArrViewerUserIds:0", ArrViewer);
        await DigestData.SeedAsync(_host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _host.Dispose();
        _slack.Dispose();
    }

    /// <summary>"$500K", "$2.8M", "$950": how <see cref="PlatformBot.Host.Features.Lookup.Figures.Money"/> writes ARR.</summary>
    [GeneratedRegex(@"\$\d[\d,.]*[KMB]?")]
    private static partial Regex Dollars();

    private string EverythingPostedTo(string channel) =>
        string.Join('\n', _slack.Posts(channel).Select(p => p.GetRawText()));

    [Theory]
    [InlineData(DigestKind.ScoreChanges)]
    [InlineData(DigestKind.ArrKpi)]
    [InlineData(DigestKind.AdoptionTrends)]
    public async Task A_digest_shows_arr_amounts_only_in_a_channel_allowed_to_see_arr(DigestKind kind)
    {
        var allowed = await DigestData.SubscribeAsync(_host, Finance, kind);
        var other = await DigestData.SubscribeAsync(_host, Csm, kind);
        var sender = _host.Get<DigestSender>();

        Assert.Equal(DigestStatus.Sent, (await sender.SendAsync(allowed, DigestData.Current, DigestSources.Cli, false, CancellationToken.None)).Status);
        Assert.Equal(DigestStatus.Sent, (await sender.SendAsync(other, DigestData.Current, DigestSources.Cli, false, CancellationToken.None)).Status);

        var finance = EverythingPostedTo(Finance);
        var csm = EverythingPostedTo(Csm);
        Assert.Matches(Dollars(), finance);
        Assert.DoesNotMatch(Dollars(), csm);
        Assert.Contains("ARR amounts are not shown in this channel", csm, StringComparison.Ordinal);
        Assert.DoesNotContain("ARR amounts are not shown", finance, StringComparison.Ordinal);

        // without amounts the digest still carries its shares and counts
        if (kind != DigestKind.ScoreChanges)
        {
            Assert.Contains("% of ARR", csm, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("6 accounts changed", csm, StringComparison.Ordinal);
            Assert.Contains("Alpha", csm, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_kpi_without_arr_keeps_every_share_and_count_and_drops_only_the_amount_column()
    {
        var preview = _host.Get<DigestPreview>();
        var withArr = await preview.BuildAsync(DigestKind.ArrKpi, DigestFilters.None, DigestData.Current, null, showArr: true, CancellationToken.None);
        var without = await preview.BuildAsync(DigestKind.ArrKpi, DigestFilters.None, DigestData.Current, null, showArr: false, CancellationToken.None);

        var full = Assert.IsType<DigestTable>(withArr.Summary[0]);
        var hidden = Assert.IsType<DigestTable>(without.Summary[0]);
        Assert.Equal("ARR", full.Headers[^1]);
        Assert.Equal(full.Headers.SkipLast(1), hidden.Headers);
        Assert.Equal(full.Rows.Select(r => r.SkipLast(1).ToList()), hidden.Rows.Select(r => r.ToList()));
        Assert.StartsWith("3+ holds 17.9% of ARR (-14.3 pp week on week); 1 of 8 accounts in scope.", without.Headline, StringComparison.Ordinal);
        Assert.DoesNotMatch(Dollars(), without.ToPlainText());
    }

    [Fact]
    public async Task Teams_digests_show_arr_only_in_a_listed_channel_or_conversation()
    {
        var policy = _host.Get<ArrVisibility>();
        var listedChannel = new DigestTarget(DigestPlatform.Teams, TeamsFinance, "https://smba.example/amer/", "tenant");
        var listedConversation = new DigestTarget(DigestPlatform.Teams, "19:general@thread.tacv2", "https://smba.example/amer/", "tenant", TeamsFinance);
        var unlisted = new DigestTarget(DigestPlatform.Teams, "19:general@thread.tacv2", "https://smba.example/amer/", "tenant");
        // the Slack list does not open Teams, nor the Teams list Slack
        var slackIdOnTeams = new DigestTarget(DigestPlatform.Teams, Finance, "https://smba.example/amer/", "tenant");
        var teamsIdOnSlack = new DigestTarget(DigestPlatform.Slack, TeamsFinance);

        Assert.True(policy.MaySeeArr(listedChannel.Audience()));
        Assert.True(policy.MaySeeArr(listedConversation.Audience()));
        Assert.False(policy.MaySeeArr(unlisted.Audience()));
        Assert.False(policy.MaySeeArr(slackIdOnTeams.Audience()));
        Assert.False(policy.MaySeeArr(teamsIdOnSlack.Audience()));

        var preview = _host.Get<DigestPreview>();
        foreach (var (target, expected) in new[] { (listedChannel, true), (unlisted, false) })
        {
            var content = await preview.BuildAsync(DigestKind.ScoreChanges, DigestFilters.None, DigestData.Current, null, policy.MaySeeArr(target.Audience()), CancellationToken.None);
            var card = TeamsDigestRenderer.Render(content).Attachments![0].Content!.ToJsonString();
            Assert.Equal(expected, Dollars().IsMatch(card));
        }
    }

    [Fact]
    public void With_nothing_configured_no_channel_sees_arr()
    {
        using var slack = new FakeSlack();
        using var host = new DigestHost(slack);
        var policy = host.Get<ArrVisibility>();

        Assert.False(policy.MaySeeArr(new DigestTarget(DigestPlatform.Slack, Finance).Audience()));
        Assert.False(policy.MaySeeArr(new DigestTarget(DigestPlatform.Teams, TeamsFinance, "https://smba.example/amer/", "tenant").Audience()));
    }

    [Fact]
    public async Task A_digest_created_by_someone_who_may_see_arr_shows_no_amounts_in_a_channel_that_may_not()
    {
        var id = await DigestData.SubscribeAsync(_host, Csm, DigestKind.ArrKpi, createdBy: ArrViewer);

        var outcome = await _host.Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.DoesNotMatch(Dollars(), EverythingPostedTo(Csm));
    }
}
