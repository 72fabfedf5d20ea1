using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// What a digest send does when Slack misbehaves (WireMock Slack, the real host and sender): partial deliveries,
/// retries that honour Retry-After, answers that may mean "posted", ok:false, the text fallbacks, broken channels.
/// </summary>
public sealed class DigestFailureTests : IAsyncLifetime, IDisposable
{
    private const string Alerts = "CALERTS001";
    private readonly FakeSlack _slack = new();
    private DigestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new DigestHost(_slack);
        _host.With("Digests:AlertChannel", Alerts);
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

    /// <summary>chat.postMessage calls whose JSON body <paramref name="match"/> accepts.</summary>
    private static IRequestBuilder Posts(Func<JsonElement, bool> match) =>
        Request.Create().WithPath("/api/chat.postMessage").UsingPost().WithBody((string? body) =>
        {
            if (string.IsNullOrEmpty(body))
            {
                return false;
            }

            using var json = JsonDocument.Parse(body);
            return match(json.RootElement);
        });

    private static bool IsReply(JsonElement post) => post.TryGetProperty("thread_ts", out _);

    private static bool HasBlocks(JsonElement post) => post.TryGetProperty("blocks", out _);

    private static string Channel(JsonElement post) => post.GetProperty("channel").GetString()!;

    private List<JsonElement> Replies(string channel) => [.. _slack.Posts(channel).Where(IsReply)];

    private static async Task<DigestSubscription> SubscriptionAsync(DigestHost host, long id)
    {
        await using var db = await host.DbAsync();
        return await db.DigestSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    /// <summary>Enough accounts moving up that the score-changes thread needs several messages.</summary>
    private static async Task SeedManyChangesAsync(DigestHost host, int count)
    {
        await using var db = await host.DbAsync();
        for (var i = 0; i < count; i++)
        {
            var id = $"M{i:0000}";
            db.Accounts.Add(new Account { AccountId = id, Name = $"Mover number {i:0000} with a longer name", NameKey = $"mover {i:0000}", Segment = "growth", Region = "emea" });
            db.Subscriptions.Add(new Subscription { SubscriptionId = "S" + id, AccountId = id, Plan = "premium", ArrCents = (1_000 + i) * 100_00L });
            foreach (var (date, level, ci) in new[] { (DigestData.Previous, "1", "red"), (DigestData.Current, "2", "green") })
            {
                db.ScoreSnapshots.Add(new ScoreSnapshot
                {
                    AccountId = id, AsOf = date, ModelVersion = "test-model", ArrCents = (1_000 + i) * 100_00L, Level = level, AdoptionScore = level == "1" ? 1 : 2,
                    UseCases = $$$"""{"scm":{"color":"green","score":50},"ci":{"color":"{{{ci}}}","score":50},"cd":{"color":"red","score":50},"security":{"color":"unknown","score":null}}""",
                    ComputedAtUtc = DateTime.UnixEpoch,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_thread_reply_that_fails_after_the_headline_leaves_a_partial_row_with_the_message_id_and_nothing_is_reposted()
    {
        _slack.Server.Given(Posts(p => Channel(p) == "CPARTIAL01" && IsReply(p))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("upstream error"));
        var id = await DigestData.SubscribeAsync(_host, "CPARTIAL01", DigestKind.ArrKpi, createdBy: "U0CREATOR3");

        var outcome = await Send(id);
        var again = await Send(id);

        Assert.Equal(DigestStatus.Partial, outcome.Status);
        Assert.Contains("Partly sent", outcome.Message, StringComparison.Ordinal);
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(DigestStatus.Partial, row.Status);
        Assert.Equal(FakeSlack.Ts, row.MessageId);
        Assert.StartsWith("thread reply 1 of 1", row.Error, StringComparison.Ordinal);
        Assert.Contains("unknown — not resent", row.Error, StringComparison.Ordinal);

        // one headline, one attempt at the reply (a 500 may have posted it: not repeated), no chart after a broken thread
        Assert.Single(_slack.TopLevel("CPARTIAL01"));
        Assert.Single(Replies("CPARTIAL01"));
        Assert.Equal(0, _slack.Calls("/api/files.getUploadURLExternal"));
        Assert.Equal("already-claimed", again.Status);
        Assert.Contains("status partial", again.Message, StringComparison.Ordinal);
        Assert.Equal(2, _slack.Posts("CPARTIAL01").Count);

        // surfaced: the creator and the alert channel are told
        // in plain words, once "but": the alert says what happened, not the CLI
        var told = Assert.Single(_slack.Posts("U0CREATOR3")).GetProperty("text").GetString()!;
        Assert.Contains("was posted in part: the headline is in the channel, but thread reply 1 of 1", told, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(told, @"\bbut\b", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        Assert.DoesNotContain("platformbot ", told, StringComparison.Ordinal);
        Assert.DoesNotContain("but the headline was posted but", outcome.Message, StringComparison.Ordinal);
        Assert.Single(_slack.Posts(Alerts));
        var log = Assert.Single(await _host.Get<DeliveryLedger>().ListAsync(id, null, 10, CancellationToken.None));
        Assert.Equal("partial", log.StatusText);
    }

    [Fact]
    public async Task An_ok_false_on_a_thread_reply_is_partial_too_and_the_refusal_is_recorded()
    {
        _slack.Server.Given(Posts(p => Channel(p) == "CPARTIAL02" && IsReply(p))).AtPriority(1)
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"restricted_action"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CPARTIAL02", DigestKind.ScoreChanges);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Partial, outcome.Status);
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Contains("Slack refused: restricted_action", row.Error, StringComparison.Ordinal);
        Assert.Single(_slack.TopLevel("CPARTIAL02"));
        Assert.Single(Replies("CPARTIAL02"));
        Assert.Equal(DigestStatus.Active, (await SubscriptionAsync(_host, id)).Status);
    }

    [Fact]
    public async Task An_ok_false_refusal_of_the_headline_posts_nothing_retries_nothing_and_the_period_may_be_sent_later()
    {
        _slack.PostTo("CREFUSE001", FakeSlack.Ok("""{"ok":false,"error":"restricted_action"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CREFUSE001", DigestKind.ScoreChanges, createdBy: "U0CREATOR4");

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        Assert.Single(_slack.Posts("CREFUSE001"));
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal(DigestStatus.Failed, row.Status);
        Assert.Null(row.MessageId);
        Assert.Contains("was not posted: Slack refused: restricted_action. Nothing reached the channel",
            Assert.Single(_slack.Posts("U0CREATOR4")).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Active, (await SubscriptionAsync(_host, id)).Status);
    }

    [Fact]
    public async Task Service_unavailable_is_retried_with_backoff_and_the_digest_goes_once()
    {
        _slack.Server.Given(Posts(p => Channel(p) == "CUNAVAIL01" && !IsReply(p))).AtPriority(1).InScenario("unavailable").WillSetStateTo("up")
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"service_unavailable"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CUNAVAIL01", DigestKind.ScoreChanges);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal(2, _slack.TopLevel("CUNAVAIL01").Count); // the refused attempt and the post
        Assert.Equal(DigestStatus.Sent, Assert.Single(await DigestData.DeliveriesAsync(_host, id)).Status);
    }

    [Fact]
    public async Task A_long_retry_after_is_waited_out_in_full_before_the_one_repeat()
    {
        // Retry-After 30 s is beyond the adapter's own wait (Slack:MaxRetryAfter 5 s in tests): the sender waits it out.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        host.With("Storage:DataDirectory", _host.DataDirectory);
        host.With("Slack:RequestTimeout", "01:00:00"); // the fake clock must not time out a request in flight
        _slack.Server.Given(Posts(p => Channel(p) == "CWAIT00001")).AtPriority(1).InScenario("wait").WillSetStateTo("done")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30").WithBody("""{"ok":false,"error":"ratelimited"}"""));
        var id = await DigestData.SubscribeAsync(host, "CWAIT00001", DigestKind.ScoreChanges);

        var sending = Task.Run(() => Send(id, host));
        await Until(() => _slack.Posts("CWAIT00001").Count == 1);
        // The fake clock moves only here, one second at a time, so the repeat cannot come before 30 s have passed on it.
        var advanced = TimeSpan.Zero;
        while (_slack.Posts("CWAIT00001").Count == 1 && advanced < TimeSpan.FromMinutes(5))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            for (var i = 0; i < 10 && _slack.Posts("CWAIT00001").Count == 1; i++)
            {
                await Task.Delay(10);
            }
        }

        var outcome = await sending;
        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.InRange(advanced, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(36));
        Assert.Equal(2, _slack.TopLevel("CWAIT00001").Count);
    }

    [Fact]
    public async Task Rate_limited_on_every_attempt_ends_failed_with_nothing_posted_and_may_be_sent_again()
    {
        _slack.PostTo("CLIMITED02", Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0").WithBody("""{"ok":false,"error":"ratelimited"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CLIMITED02", DigestKind.ScoreChanges);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Contains("rate limited by Slack after 3 attempts", row.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was posted", row.Error, StringComparison.Ordinal);
        // 3 sender attempts, each after the adapter's 3 own retries
        Assert.Equal(12, _slack.Posts("CLIMITED02").Count);
        Assert.Empty(Replies("CLIMITED02"));

        // failed = nothing was posted, so a later send may claim the period again
        _slack.Server.ResetMappings();
        _slack.Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost()).AtPriority(100)
            .RespondWith(FakeSlack.Ok($$"""{"ok":true,"channel":"CLIMITED02","ts":"{{FakeSlack.Ts}}"}"""));
        Assert.Equal(DigestStatus.Sent, (await Send(id)).Status);
        Assert.Equal(2, Assert.Single(await DigestData.DeliveriesAsync(_host, id)).Attempts);
    }

    [Fact]
    public async Task A_thread_reply_whose_blocks_are_rejected_goes_as_text_with_the_rest_and_no_reply_is_posted_twice()
    {
        await SeedManyChangesAsync(_host, 190);
        var id = await DigestData.SubscribeAsync(_host, "CREJECT001", DigestKind.ScoreChanges);
        // the first reply with blocks is accepted, every later one with blocks is rejected
        _slack.Server.Given(Posts(p => Channel(p) == "CREJECT001" && IsReply(p) && HasBlocks(p))).AtPriority(1).InScenario("reject").WillSetStateTo("rejecting")
            .RespondWith(FakeSlack.Ok($$"""{"ok":true,"channel":"CREJECT001","ts":"{{FakeSlack.Ts}}"}"""));
        _slack.Server.Given(Posts(p => Channel(p) == "CREJECT001" && IsReply(p) && HasBlocks(p))).AtPriority(1).InScenario("reject").WhenStateIs("rejecting")
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"invalid_blocks"}"""));

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Equal("blocks+text", row.Mode);
        Assert.Contains("thread reply 2 of", row.Error, StringComparison.Ordinal);

        var replies = Replies("CREJECT001");
        Assert.True(HasBlocks(replies[0]));
        Assert.True(HasBlocks(replies[1])); // the rejected attempt
        Assert.All(replies.Skip(2), r => Assert.False(HasBlocks(r)));
        // every listed account appears exactly once across what was accepted: the first reply's blocks and the texts
        var accepted = replies.Take(1).Concat(replies.Skip(2)).Select(r => r.GetRawText()).ToList();
        for (var i = 0; i < 190; i += 37)
        {
            var name = $"Mover number {i:0000}";
            Assert.Equal(1, accepted.Count(r => r.Contains(name, StringComparison.Ordinal)));
        }

        Assert.Single(_slack.TopLevel("CREJECT001"));
    }

    [Fact]
    public async Task A_rejected_chart_upload_is_replaced_by_a_note_and_the_delivery_says_partial()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/files.completeUploadExternal").UsingPost()).AtPriority(1)
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"invalid_channel"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CDIGEST001", DigestKind.ArrKpi);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Partial, outcome.Status);
        var note = Replies("CDIGEST001").Last();
        Assert.Contains("The chart could not be attached", note.GetProperty("text").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(await DigestData.DeliveriesAsync(_host, id));
        Assert.Contains("the chart was not attached (Slack refused: invalid_channel); a note in the thread says so", row.Error, StringComparison.Ordinal);
        Assert.Equal(FakeSlack.Ts, row.MessageId);
        Assert.Single(_slack.TopLevel("CDIGEST001"));
    }

    [Fact]
    public async Task A_500_on_the_upload_url_request_is_retried_with_backoff_because_it_is_safe_to_repeat()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/files.getUploadURLExternal").UsingPost()).AtPriority(1).InScenario("url").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("oops"));
        var id = await DigestData.SubscribeAsync(_host, "CDIGEST001", DigestKind.AdoptionTrends);

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal(2, _slack.Calls("/api/files.getUploadURLExternal"));
        Assert.Equal(1, _slack.Calls("/api/files.completeUploadExternal"));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    public async Task A_channel_that_cannot_receive_marks_the_subscription_broken_and_alerts_the_creator_and_the_admin_channel(string error)
    {
        _slack.PostTo("CGONE00001", FakeSlack.Ok($$"""{"ok":false,"error":"{{error}}"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CGONE00001", DigestKind.ScoreChanges, createdBy: "U0CREATOR5");

        var outcome = await Send(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        var subscription = await SubscriptionAsync(_host, id);
        Assert.Equal(DigestStatus.Broken, subscription.Status);
        Assert.Contains(error, subscription.StatusReason, StringComparison.Ordinal);
        foreach (var recipient in new[] { "U0CREATOR5", Alerts })
        {
            var alert = Assert.Single(_slack.Posts(recipient)).GetProperty("text").GetString();
            Assert.Contains($"subscription {id}", alert, StringComparison.Ordinal);
            Assert.Contains(error, alert, StringComparison.Ordinal);
            Assert.Contains($"/adoption subscriptions reactivate {id}", alert, StringComparison.Ordinal);
            Assert.Contains("invite the bot to the channel", alert, StringComparison.Ordinal);
            Assert.DoesNotContain("platformbot ", alert, StringComparison.Ordinal);
        }

        // managers get a Reactivate button carrying the subscription id
        var button = Assert.Single(_slack.Posts("U0CREATOR5")).GetProperty("blocks")[1].GetProperty("elements")[0];
        Assert.Equal("digest_reactivate", button.GetProperty("action_id").GetString());
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), button.GetProperty("value").GetString());

        Assert.Single(_slack.Posts("CGONE00001"));
        Assert.Equal(DigestStatus.Broken, (await Send(id)).Status);
        Assert.Single(_slack.Posts("CGONE00001"));
    }

    [Fact]
    public async Task A_creator_who_is_not_a_slack_user_is_alerted_through_the_admin_channel_only()
    {
        _slack.PostTo("CGONE00002", FakeSlack.Ok("""{"ok":false,"error":"not_in_channel"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CGONE00002", DigestKind.ScoreChanges, createdBy: "cli:ops");

        await Send(id);

        Assert.Single(_slack.Posts(Alerts));
        Assert.Equal(1 + 1, _slack.Posts().Count); // the refused post and the one alert
    }

    [Fact]
    public async Task The_delivery_log_filters_by_status_across_all_rows_and_counts_a_stale_claim_as_unknown()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        host.With("Storage:DataDirectory", _host.DataDirectory);
        var ledger = host.Get<DeliveryLedger>();
        var stale = await DigestData.SubscribeAsync(host, "CLOGSTALE1", DigestKind.ScoreChanges);
        Assert.True((await ledger.ClaimAsync(stale, DigestData.Current, DigestSources.Schedule, false, CancellationToken.None)).Claimed);
        time.Advance(TimeSpan.FromMinutes(20));
        // many newer rows of another status
        for (var i = 0; i < 30; i++)
        {
            var id = await DigestData.SubscribeAsync(host, $"CLOGMANY{i:00}", DigestKind.ScoreChanges);
            var claim = await ledger.ClaimAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None);
            await ledger.CompleteAsync(claim.Ticket!, DigestStatus.Sent, DigestData.Current, "1.2", "C", "blocks", null);
        }

        var unknown = await ledger.ListAsync(null, "unknown", 5, CancellationToken.None);
        var claimed = await ledger.ListAsync(null, "claimed", 5, CancellationToken.None);
        var sent = await ledger.ListAsync(null, "sent", 5, CancellationToken.None);

        Assert.Equal(stale, Assert.Single(unknown).SubscriptionId);
        Assert.Equal("unknown — not resent", unknown[0].StatusText);
        Assert.Empty(claimed);
        Assert.Equal(5, sent.Count);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
