using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Tests.Features.Teams;
using PlatformBot.Host.Tests.Support;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>Digests to Teams through the real connector client, against WireMock playing the Bot Connector and the login.</summary>
public sealed class TeamsDigestTests
{
    private static async Task<long> SubscribeAsync(TeamsTestHost teams, string channel)
    {
        await using var db = await teams.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var row = new DigestSubscription
        {
            Platform = "teams", ChannelId = channel, ServiceUrl = teams.ServiceUrl, TenantId = TeamsTestHost.TenantId, Kind = "arr-kpi",
            Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin", CreatedBy = "29:user-1", CreatedAtUtc = DateTime.UnixEpoch,
            UpdatedAtUtc = DateTime.UnixEpoch, Status = DigestStatus.Active,
        };
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private static Task<SendOutcome> SendAsync(TeamsTestHost teams, long id) =>
        teams.Factory.Services.GetRequiredService<DigestSender>()
            .SendAsync(id, SampleData.SnapshotDate, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    [Fact]
    public async Task A_teams_digest_is_a_new_channel_post_carrying_the_adaptive_card_and_is_not_posted_twice()
    {
        await using var teams = await TeamsTestHost.StartAsync();
        var id = await SubscribeAsync(teams, "19:digests@thread.tacv2");

        var outcome = await SendAsync(teams, id);
        var again = await SendAsync(teams, id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal("already-claimed", again.Status);
        var post = Assert.Single(teams.ConnectorRequests(), r => r.Path == "/amer/v3/conversations");
        Assert.Equal("19:digests@thread.tacv2", post.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var attachment = post.Body["activity"]!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("1.5", attachment["content"]!["version"]!.GetValue<string>());
        Assert.Contains("Time zone: Europe/Berlin", attachment["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(TeamsTestHost.PersonalConversationId, outcome.MessageId);
    }

    [Fact]
    public async Task A_teams_channel_that_refuses_the_bot_marks_the_subscription_broken()
    {
        await using var teams = await TeamsTestHost.StartAsync();
        teams.Connector.Given(Request.Create().WithPath("/amer/v3/conversations").UsingPost()
                .WithBody(new WildcardMatcher("*19:gone@thread.tacv2*")))
            .AtPriority(-10) // before the host's catch-all mapping (default priority)
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}"""));
        var id = await SubscribeAsync(teams, "19:gone@thread.tacv2");

        var outcome = await SendAsync(teams, id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        await using var db = await teams.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var subscription = await db.DigestSubscriptions.SingleAsync(s => s.Id == id);
        Assert.Equal(DigestStatus.Broken, subscription.Status);
        Assert.Contains("403", subscription.StatusReason, StringComparison.Ordinal);
    }
}
