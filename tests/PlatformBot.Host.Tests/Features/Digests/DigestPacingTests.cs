using Microsoft.Extensions.Time.Testing;
using PlatformBot.Host.Features.Digests;

namespace PlatformBot.Host.Tests.Features.Digests;

public sealed class DigestPacingTests : IDisposable
{
    private readonly FakeSlack _slack = new();

    public void Dispose() => _slack.Dispose();

    /// <summary>Messages and chart uploads Slack has received so far (every call of a send that takes a channel turn).</summary>
    private int Calls() => _slack.Posts().Count + _slack.Calls("/api/files.getUploadURLExternal");

    [Fact]
    public async Task Two_digests_for_one_channel_sent_at_once_share_its_pace_one_message_per_spacing_on_the_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var host = new DigestHost(_slack).WithTime(time);
        host.With("Digests:PostSpacing", "00:00:01.100");
        host.With("Slack:RequestTimeout", "01:00:00"); // the fake clock must not time out a request in flight
        await DigestData.SeedAsync(host);
        var first = await DigestData.SubscribeAsync(host, "CPACED0001", DigestKind.ScoreChanges);
        var second = await DigestData.SubscribeAsync(host, "CPACED0001", DigestKind.ArrKpi);
        var sender = host.Get<DigestSender>();

        var sends = new[] { first, second }
            .Select(id => Task.Run(() => sender.SendAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None))).ToArray();

        // the first message goes at once; the next waits for the channel's turn, not for its own send's last post
        await Until(() => Calls() == 1);
        await Task.Delay(300);
        Assert.Equal(1, Calls());
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        Assert.Equal(1, Calls());

        // from then on each 1.1 s on the clock lets exactly one more call through, until both digests are out
        for (var step = 0; step < 30 && !sends.All(s => s.IsCompleted); step++)
        {
            var before = Calls();
            time.Advance(step == 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromMilliseconds(1100));
            await Until(() => Calls() > before || sends.All(s => s.IsCompleted));
            await Task.Delay(50);
            Assert.InRange(Calls() - before, 0, 1);
        }

        var outcomes = await Task.WhenAll(sends);
        Assert.All(outcomes, o => Assert.Equal(DigestStatus.Sent, o.Status));
        Assert.Equal(2, _slack.TopLevel("CPACED0001").Count);
    }

    [Fact]
    public async Task After_a_429_with_retry_after_the_next_message_to_the_channel_still_waits_the_post_spacing()
    {
        // real time: the adapter waits Retry-After (1 s) inside its own call, then the headline goes; the first thread
        // reply must then wait Digests:PostSpacing (1 s) after the headline, not follow it at once
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"channel":"CPACE42901"}""")))
            .AtPriority(1).InScenario("429").WillSetStateTo("after")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{"ok":false,"error":"ratelimited"}"""));
        _slack.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/chat.postMessage").UsingPost()
                .WithBody(new WireMock.Matchers.JsonPartialMatcher("""{"channel":"CPACE42901"}""")))
            .AtPriority(1).InScenario("429").WhenStateIs("after")
            .RespondWith(FakeSlack.Ok("""{"ok":true,"channel":"CPACE42901","ts":"1700000000.000300"}"""));
        await using var host = new DigestHost(_slack);
        host.With("Digests:PostSpacing", "00:00:01");
        await DigestData.SeedAsync(host);
        var id = await DigestData.SubscribeAsync(host, "CPACE42901", DigestKind.ScoreChanges);

        var outcome = await host.Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Cli, false, CancellationToken.None);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        var times = _slack.Server.LogEntries
            .Where(e => e.RequestMessage.Path == "/api/chat.postMessage" && e.RequestMessage.Body!.Contains("\"CPACE42901\"", StringComparison.Ordinal))
            .Select(e => e.RequestMessage.DateTime).Order().ToList();
        Assert.True(times.Count >= 3, $"{times.Count} posts: the 429, the headline and at least one thread reply");
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromSeconds(0.95), $"the retry came {gaps[0].TotalMilliseconds:0} ms after the 429");
        Assert.All(gaps.Skip(1), gap => Assert.True(gap >= TimeSpan.FromSeconds(0.95), $"a post came {gap.TotalMilliseconds:0} ms after the one before"));
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
