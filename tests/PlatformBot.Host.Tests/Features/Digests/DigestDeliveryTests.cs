using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Digests;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class DigestDeliveryTests : IAsyncLifetime, IDisposable
{
    private readonly FakeSlack _slack = new();
    private DigestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new DigestHost(_slack);
        await DigestData.SeedAsync(_host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _host.Dispose();
        _slack.Dispose();
    }

    private Task<SendOutcome> Send(long id, DigestHost? host = null) =>
        (host ?? _host).Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    [Fact]
    public async Task A_digest_posts_its_headline_then_the_details_in_its_thread_and_records_the_message_id()
    {
        var id = await DigestData.SubscribeAsync(_host, "CDIGEST001", DigestKind.ArrKpi);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var top = Assert.Single(_slack.TopLevel("CDIGEST001"));
        Assert.StartsWith("3+ holds 17.9% of ARR", top.GetProperty("text").GetString(), StringComparison.Ordinal);
        var replies = _slack.Posts("CDIGEST001").Where(p => p.TryGetProperty("thread_ts", out _)).ToList();
        Assert.NotEmpty(replies);
        Assert.All(replies, r => Assert.Equal(FakeSlack.Ts, r.GetProperty("thread_ts").GetString()));
        Assert.Equal(1, _slack.Calls("/api/files.completeUploadExternal"));
        Assert.Equal(1, _slack.Calls("/upload/F0001"));

        var delivery = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(DigestStatus.Sent, delivery.Status);
        Assert.Equal(FakeSlack.Ts, delivery.MessageId);
        Assert.Equal("2026-W48", delivery.PeriodKey);
        Assert.Equal(DigestData.Current, delivery.DataDate);
        Assert.Equal("blocks", delivery.Mode);
    }

    [Fact]
    public async Task A_second_send_for_the_same_period_posts_nothing_and_says_so()
    {
        var id = await DigestData.SubscribeAsync(_host, "CDIGEST001", DigestKind.ScoreChanges);
        await Send(id);
        var posts = _slack.Posts().Count;

        var again = await Send(id);

        Assert.Equal("already-claimed", again.Status);
        Assert.Contains("already has a delivery for 2026-W48 (status sent", again.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was posted", again.Message, StringComparison.Ordinal);
        Assert.Equal(posts, _slack.Posts().Count);
    }

    [Fact]
    public async Task Two_hosts_sending_the_same_digest_at_once_post_it_exactly_once()
    {
        // A second host on the same SQLite file: two senders racing, as two processes would.
        await using var other = new DigestHost(_slack);
        other.With("Storage:DataDirectory", _host.DataDirectory);
        var id = await DigestData.SubscribeAsync(_host, "CRACE00001", DigestKind.ScoreChanges);
        _ = other.Services;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Send(id, i % 2 == 0 ? _host : other))));

        Assert.Single(_slack.TopLevel("CRACE00001"));
        Assert.Single(outcomes, o => o.Status == DigestStatus.Sent);
        Assert.Equal(5, outcomes.Count(o => o.Status == "already-claimed"));
        Assert.Single(await DigestData.DeliveriesAsync(_host, id));
    }

    [Fact]
    public async Task Channel_not_found_marks_the_subscription_broken_and_tells_its_creator_by_dm()
    {
        _slack.PostTo("CBROKEN001", FakeSlack.Ok("""{"ok":false,"error":"channel_not_found"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CBROKEN001", DigestKind.ScoreChanges, createdBy: "U0CREATOR1");

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        var delivery = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(DigestStatus.Failed, delivery.Status);
        Assert.Contains("channel_not_found", delivery.Error, StringComparison.Ordinal);
        await using (var db = await _host.DbAsync())
        {
            var subscription = await db.DigestSubscriptions.SingleAsync(s => s.Id == id);
            Assert.Equal(DigestStatus.Broken, subscription.Status);
            Assert.Contains("channel_not_found", subscription.StatusReason, StringComparison.Ordinal);
        }

        var dm = Assert.Single(_slack.Posts("U0CREATOR1"));
        Assert.Contains("could not be posted", dm.GetProperty("text").GetString(), StringComparison.Ordinal);

        // broken: the next send (the schedule's, say) posts nothing at all
        var next = await _host.Get<DigestSender>().SendAsync(id, DigestData.Current.AddDays(7), DigestSources.Schedule, false, CancellationToken.None);
        Assert.Equal(DigestStatus.Broken, next.Status);
        Assert.Single(_slack.Posts("CBROKEN001"));
    }

    [Fact]
    public async Task Invalid_blocks_fall_back_to_the_same_content_as_plain_text()
    {
        _slack.PostTo("CINVALID01", FakeSlack.Ok("""{"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] bad block"]}}"""), onlyWithBlocks: true);
        var id = await DigestData.SubscribeAsync(_host, "CINVALID01", DigestKind.ScoreChanges);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var posts = _slack.TopLevel("CINVALID01");
        Assert.Equal(2, posts.Count);
        Assert.True(posts[0].TryGetProperty("blocks", out _));
        Assert.False(posts[1].TryGetProperty("blocks", out _));
        Assert.Contains("6 accounts changed", posts[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        var thread = _slack.Posts("CINVALID01").Where(p => p.TryGetProperty("thread_ts", out _)).ToList();
        Assert.NotEmpty(thread);
        Assert.Contains(thread, p => p.GetProperty("text").GetString()!.Contains("Alpha", StringComparison.Ordinal));
        Assert.Equal("text", Assert.Single(await DigestData.DeliveriesAsync(_host, id)).Mode);
    }

    [Fact]
    public async Task Rate_limits_are_waited_out_using_retry_after_and_the_digest_still_goes_once()
    {
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"channel":"CLIMITED01"}""")))
            .AtPriority(1).InScenario("429").WillSetStateTo("after")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{"ok":false,"error":"ratelimited"}"""));
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"channel":"CLIMITED01"}""")))
            .AtPriority(1).InScenario("429").WhenStateIs("after")
            .RespondWith(FakeSlack.Ok("""{"ok":true,"channel":"CLIMITED01","ts":"1700000000.000200"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CLIMITED01", DigestKind.ScoreChanges);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal(2, _slack.TopLevel("CLIMITED01").Count); // the 429 (did nothing) and the post
        Assert.Equal("1700000000.000200", Assert.Single(await DigestData.DeliveriesAsync(_host, id)).MessageId);
    }

    public static TheoryData<string> MaybePosted => new() { "http500", "timeout", "internal_error" };

    [Theory]
    [MemberData(nameof(MaybePosted))]
    public async Task An_answer_that_may_mean_it_posted_is_recorded_unknown_alerted_and_never_resent(string failure)
    {
        var response = failure switch
        {
            "http500" => Response.Create().WithStatusCode(500).WithBody("oops"),
            "timeout" => FakeSlack.Ok("""{"ok":true,"channel":"CMAYBE0001","ts":"1"}""").WithDelay(TimeSpan.FromSeconds(7)),
            _ => FakeSlack.Ok("""{"ok":false,"error":"internal_error"}"""),
        };
        _slack.PostTo("CMAYBE0001", response);
        var id = await DigestData.SubscribeAsync(_host, "CMAYBE0001", DigestKind.ScoreChanges, createdBy: "U0CREATOR2");

        var outcome = await Send(id);
        var again = await Send(id);

        Assert.Equal(DigestStatus.Unknown, outcome.Status);
        Assert.Equal("already-claimed", again.Status);
        Assert.Contains("unknown — not resent", again.Message, StringComparison.Ordinal);
        // WireMock logs a delayed request only once it has answered
        for (var i = 0; i < 100 && _slack.Posts("CMAYBE0001").Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Single(_slack.Posts("CMAYBE0001"));
        var delivery = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(DigestStatus.Unknown, delivery.Status);
        Assert.Contains("may", delivery.Error, StringComparison.Ordinal);
        Assert.Single(_slack.Posts("U0CREATOR2"));
    }

    [Fact]
    public async Task A_failed_send_with_nothing_posted_may_be_sent_again_and_then_succeeds()
    {
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"channel":"CRETRY0001"}""")))
            .AtPriority(1).InScenario("down").WillSetStateTo("up")
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"not_allowed_token_type"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CRETRY0001", DigestKind.ScoreChanges);

        var first = await Send(id);
        var second = await Send(id);

        Assert.Equal(DigestStatus.Failed, first.Status);
        Assert.Equal(DigestStatus.Sent, second.Status);
        var delivery = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(DigestStatus.Sent, delivery.Status);
    }

    [Fact]
    public async Task Nothing_changed_posts_one_line_or_nothing_as_the_subscription_says()
    {
        var line = await DigestData.SubscribeAsync(_host, "CQUIET0001", DigestKind.ScoreChanges, new DigestFilters(Segment: "mid-market"));
        var skip = await DigestData.SubscribeAsync(_host, "CQUIET0002", DigestKind.ScoreChanges, new DigestFilters(Segment: "mid-market"), skipWhenNoChanges: true);

        Assert.Equal(DigestStatus.Sent, (await Send(line)).Status);
        Assert.Equal(DigestStatus.Skipped, (await Send(skip)).Status);

        var post = Assert.Single(_slack.Posts("CQUIET0001"));
        Assert.StartsWith("No score changes since 2026-11-16", post.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(_slack.Posts("CQUIET0002"));
        Assert.Equal(DigestStatus.Skipped, Assert.Single(await DigestData.DeliveriesAsync(_host, skip)).Status);
    }

    [Fact]
    public async Task A_claim_nobody_completed_is_reported_unknown_after_the_timeout_and_never_resent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        host.With("Storage:DataDirectory", _host.DataDirectory);
        var id = await DigestData.SubscribeAsync(host, "CCRASH0001", DigestKind.ScoreChanges);
        var ledger = host.Get<DeliveryLedger>();

        // a sender claims, then "crashes" before completing
        var claim = await ledger.ClaimAsync(id, DigestData.Current, DigestSources.Schedule, false, CancellationToken.None);
        Assert.True(claim.Claimed);
        time.Advance(TimeSpan.FromMinutes(16));

        var listed = Assert.Single(await ledger.ListAsync(id, null, 10, CancellationToken.None));
        Assert.Equal("unknown — not resent", listed.StatusText);
        await host.Get<DigestScheduler>().SweepAsync(CancellationToken.None);
        var again = await host.Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Schedule, false, CancellationToken.None);

        Assert.Equal("already-claimed", again.Status);
        Assert.Empty(_slack.Posts("CCRASH0001"));
        var row = Assert.Single(await DigestData.DeliveriesAsync(host, id));
        Assert.Equal(DigestStatus.Unknown, row.Status);
        Assert.Contains("never completed", row.Error, StringComparison.Ordinal);

        // only an operator who checked the channel may send it again
        var forced = await host.Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Cli, retryUnknown: true, CancellationToken.None);
        Assert.Equal(DigestStatus.Sent, forced.Status);
    }

    [Fact]
    public async Task A_scheduled_digest_whose_week_has_no_snapshot_yet_scores_that_day_first()
    {
        var id = await DigestData.SubscribeAsync(_host, "CWEEK00001", DigestKind.ArrKpi);
        var nextMonday = DigestData.Current.AddDays(7);

        var outcome = await _host.Get<DigestSender>().SendAsync(id, nextMonday, DigestSources.Schedule, false, CancellationToken.None);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal(nextMonday, Assert.Single(await DigestData.DeliveriesAsync(_host, id)).DataDate);
        await using var db = await _host.DbAsync();
        Assert.Equal(DigestData.Book.Length, await db.ScoreSnapshots.CountAsync(s => s.AsOf == nextMonday));
    }

    [Fact]
    public async Task The_delivery_log_api_needs_the_ingest_key_and_shows_the_real_status()
    {
        _slack.PostTo("CLOG000001", FakeSlack.Ok("""{"ok":false,"error":"is_archived"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CLOG000001", DigestKind.ScoreChanges);
        await Send(id);
        using var client = _host.CreateClient();

        var anonymous = await client.GetAsync(new Uri("/api/v1/digests/deliveries", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/digests/deliveries?subscription={id}");
        request.Headers.Add("X-Api-Key", DigestHost.ApiKey);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var row = Assert.Single(body.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("failed", row.GetProperty("status").GetString());
        Assert.Contains("is_archived", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-W48", row.GetProperty("period").GetString());
    }
}
