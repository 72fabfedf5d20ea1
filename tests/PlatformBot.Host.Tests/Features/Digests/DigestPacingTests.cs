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

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
