using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Digests;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class SubscriptionServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly DigestTarget Channel = new(DigestPlatform.Slack, "CSUBS00001");
    private readonly FakeSlack _slack = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
    private DigestHost _host = null!;

    private SubscriptionService Service => _host.Get<SubscriptionService>();

    public async Task InitializeAsync()
    {
        _host = new DigestHost(_slack).WithTime(_time);
        _host.With("Digests:ManagerUserIds:0", "U0MANAGER1");
        await DigestData.SeedAsync(_host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _host.Dispose();
        _slack.Dispose();
    }

    [Fact]
    public void Filter_text_is_parsed_from_key_value_pairs_with_quotes_and_aliases()
    {
        var request = SubscriptionService.ParseFilterText(DigestKind.ScoreChanges,
            "segment=enterprise region=\"emea\" csm=jo@example.com use-case=ci day=tue time=08:30 timezone=America/New_York empty=skip", out var error);

        Assert.Null(error);
        Assert.Equal(new DigestFilters(Segment: "enterprise", Region: "emea", Csm: "jo@example.com", UseCase: "ci"), request!.Filters);
        Assert.Equal(("tue", "08:30", "America/New_York", (bool?)true), (request.Day, request.Time, request.TimeZone, request.SkipWhenNoChanges));
    }

    [Theory]
    [InlineData("colour=red", "Unknown filter 'colour'")]
    [InlineData("segment", "'segment' is not key=value")]
    [InlineData("segment=a segment=b", "'segment' is given twice")]
    [InlineData("empty=maybe", "empty=skip")]
    public void Filter_text_that_is_not_understood_gets_a_clear_message(string text, string expected)
    {
        Assert.Null(SubscriptionService.ParseFilterText(DigestKind.ScoreChanges, text, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_defaults_to_monday_0900_in_the_configured_zone_and_says_when_the_first_digest_goes_out()
    {
        var result = await Service.SubscribeAsync(Channel, "U0MANAGER1", "score-changes segment=enterprise", CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("every Monday at 09:00 (Europe/Berlin)", result.Subscription!.Schedule.Describe());
        Assert.Contains("first digest Mon 2026-11-23 09:00", result.Message, StringComparison.Ordinal);
        Assert.Contains("Subscription id", result.Message, StringComparison.Ordinal);
        Assert.Contains("segment=enterprise", await Service.DescribeChannelAsync(Channel, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_channels_subscription_list_and_help_say_how_to_change_one_in_place_with_update()
    {
        Assert.True((await Service.SubscribeAsync(Channel, "U0MANAGER1", "arr-kpi", CancellationToken.None)).Succeeded);

        var list = await Service.DescribeChannelAsync(Channel, CancellationToken.None);

        Assert.Contains("`subscriptions update <id> day=tue time=08:30", list, StringComparison.Ordinal);
        Assert.Contains(PlatformBot.Host.Features.Lookup.LookupService.Commands, c => c.Usage.StartsWith("subscriptions update <id>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arr-kpi tz=Mars/Olympus", "tz=Mars/Olympus is not an IANA time zone")]
    [InlineData("arr-kpi time=25:00", "time=25:00 is not a time")]
    [InlineData("arr-kpi day=someday", "day=someday is not a day")]
    [InlineData("arr-kpi segment=entrprise", "No account has segment=entrprise. Known values: enterprise, mid-market, smb")]
    [InlineData("arr-kpi usecase=ci", "usecase= applies to score-changes and adoption-trends")]
    [InlineData("adoption-trends usecase=deploys", "usecase=deploys is not a use case of the scoring model: use scm, ci, cd, security")]
    [InlineData("score-changes owner=sam@example.com csm=jo@example.com", "Use owner= or csm=, not both")]
    [InlineData("score-changes owner=sam", "owner=sam must be an e-mail address")]
    [InlineData("weekly-report", "Which digest?")]
    [InlineData("arr-kpi empty=skip", "empty=skip applies to score-changes only")]
    public async Task Invalid_requests_are_refused_with_a_message_that_names_the_problem(string text, string expected)
    {
        var result = await Service.SubscribeAsync(Channel, "U0MANAGER1", text, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Empty(await Service.ListAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_time_in_the_daylight_saving_window_is_accepted_with_a_warning()
    {
        var berlin = await Service.SubscribeAsync(Channel, "U0MANAGER1", "arr-kpi time=02:30", CancellationToken.None);
        var utc = await Service.SubscribeAsync(Channel, "U0MANAGER1", "adoption-trends time=02:30 tz=Etc/UTC", CancellationToken.None);

        Assert.True(berlin.Succeeded);
        Assert.Contains(berlin.Warnings, w => w.Contains("01:00-02:59", StringComparison.Ordinal));
        Assert.True(utc.Succeeded);
        Assert.Empty(utc.Warnings);
    }

    [Fact]
    public async Task The_same_digest_twice_in_one_channel_is_refused_and_unsubscribe_removes_it()
    {
        Assert.True((await Service.SubscribeAsync(Channel, "U0MANAGER1", "score-changes region=emea", CancellationToken.None)).Succeeded);
        var twice = await Service.SubscribeAsync(Channel, "U0MANAGER1", "changes region=EMEA day=fri", CancellationToken.None);
        Assert.False(twice.Succeeded);
        Assert.Contains("already has score-changes", twice.Message, StringComparison.Ordinal);

        var removed = await Service.UnsubscribeAsync(Channel, "score-changes", CancellationToken.None);
        Assert.True(removed.Succeeded);
        Assert.Empty(await Service.ListAsync(Channel, CancellationToken.None));
        Assert.False((await Service.UnsubscribeAsync(Channel, "score-changes", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public void Only_configured_managers_may_change_subscriptions_when_a_list_is_set()
    {
        Assert.True(Service.CanManage("U0MANAGER1"));
        Assert.False(Service.CanManage("U0SOMEONE1"));
        Assert.False(Service.CanManage(null));
    }

    [Fact]
    public async Task Slack_subscriptions_need_a_channel_id_and_teams_ones_their_conversation_reference()
    {
        var name = await Service.AddAsync(new DigestTarget(DigestPlatform.Slack, "#csm-emea"), new SubscriptionRequest(DigestKind.ArrKpi, DigestFilters.None), "cli:test", CancellationToken.None);
        var teams = await Service.AddAsync(new DigestTarget(DigestPlatform.Teams, "19:abc@thread.tacv2"), new SubscriptionRequest(DigestKind.ArrKpi, DigestFilters.None), "cli:test", CancellationToken.None);
        var teamsOk = await Service.AddAsync(new DigestTarget(DigestPlatform.Teams, "19:abc@thread.tacv2", "https://smba.trafficmanager.net/emea/", "tenant-1"),
            new SubscriptionRequest(DigestKind.ArrKpi, DigestFilters.None), "cli:test", CancellationToken.None);

        Assert.Contains("not a Slack channel id", name.Message, StringComparison.Ordinal);
        Assert.Contains("--service-url", teams.Message, StringComparison.Ordinal);
        Assert.True(teamsOk.Succeeded, teamsOk.Message);
    }

    [Fact]
    public async Task A_teams_subscription_to_an_http_service_url_is_refused_without_the_test_switch()
    {
        var target = new DigestTarget(DigestPlatform.Teams, "19:abc@thread.tacv2", "http://127.0.0.1:5005/amer/", "tenant-1");

        var result = await Service.AddAsync(target, new SubscriptionRequest(DigestKind.ArrKpi, DigestFilters.None), "cli:test", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("Teams:AllowHttpServiceUrls", result.Message, StringComparison.Ordinal);
    }
}
