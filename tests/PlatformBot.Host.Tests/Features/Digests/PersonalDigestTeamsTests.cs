using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Tests.Features.Teams;
using PlatformBot.Host.Tests.Support;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// The personal my-accounts digest on Teams, end to end: "digest me on|off" in a personal chat through the real
/// Bot Framework endpoint (signed tokens), the e-mail from the connector's member lookup and the digest posted into
/// that chat by the real connector client, both played by WireMock; the real host, importer, engine and guard.
/// </summary>
public sealed class PersonalDigestTeamsTests : IAsyncLifetime
{
    private const string Chat = "a:ada-1";
    private TeamsTestHost _teams = null!;

    public async Task InitializeAsync()
    {
        _teams = await TeamsTestHost.StartAsync();
        // The connector's member lookup: Teams adds the e-mail there, never on the activity.
        _teams.Connector.Given(Request.Create().WithPath(new WildcardMatcher("/amer/v3/conversations/*/members/*")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"id":"29:user-1","name":"Ada","email":"{{PersonalBook.Email}}","userPrincipalName":"{{PersonalBook.Email}}"}"""));

        await PersonalBook.SeedAsync(_teams.Factory.Services);
    }

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    /// <summary>What the bot answered to a message, as Teams shows it.</summary>
    private async Task<string> SayAsync(string text, string conversationType = "personal", string aadObjectId = TeamsTestHost.ArrViewer)
    {
        var before = _teams.ConnectorRequests().Count;
        using var client = _teams.Factory.CreateClient();
        using var response = await _teams.PostAsync(client, _teams.Message(text, conversationType, "msg-" + Guid.NewGuid().ToString("N"), aadObjectId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = _teams.ConnectorRequests().Skip(before).Last(r => r.Method == "POST");
        return TeamsDigestTests.Shown(reply.Body?["text"]);
    }

    private async Task<DigestSubscription?> PersonAsync()
    {
        await using var db = await _teams.Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var key = PersonalDigests.Key(PersonalBook.Email);
        return await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.PersonKey == key);
    }

    private Task<SendOutcome> SendAsync(long id) =>
        _teams.Factory.Services.GetRequiredService<DigestSender>()
            .SendAsync(id, PersonalBook.Current, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    /// <summary>Everything posted into the personal chat by the digest (not replies to a message), as text.</summary>
    private string Posted() => string.Join('\n', _teams.ConnectorRequests()
        .Where(r => r.Method == "POST" && r.Path == $"/amer/v3/conversations/{Chat}/activities")
        .Select(r => PersonalBook.Visible(r.Body, t => TeamsMarkdownReader.Read(t).Visible)));

    [Fact]
    public async Task Digest_me_on_in_a_personal_chat_brings_the_weekly_digest_into_that_chat_once_with_arr_for_a_viewer()
    {
        var reply = await SayAsync("digest me on");

        Assert.Contains("Your weekly digest is on: the accounts that list pat@example.com as owner or CSM", reply, StringComparison.Ordinal);
        var person = Assert.IsType<DigestSubscription>(await PersonAsync());
        Assert.Equal(("teams", Chat, Chat, TeamsTestHost.ArrViewer, _teams.ServiceUrl, (bool?)true),
            (person.Platform, person.ChannelId, person.ConversationId, person.CreatedBy, person.ServiceUrl, person.PersonalChoice));

        Assert.Equal(DigestStatus.Sent, (await SendAsync(person.Id)).Status);

        var posted = Posted();
        Assert.Contains("Your 3 accounts: 1 changed since 2025-11-17, 2 one metric from the next level, 1 without data for two weeks.", posted, StringComparison.Ordinal);
        Assert.Contains("level 1 → 2 if CI builds per billable user 31 -> needs > 40 · ARR $400K", posted, StringComparison.Ordinal);
        Assert.Contains("level 2 → 1 · CI green→yellow", posted, StringComparison.Ordinal);
        Assert.Contains(Wording.PersonalNoDataTitle, posted, StringComparison.Ordinal);

        var requests = _teams.ConnectorRequests().Count;
        Assert.Equal("already-claimed", (await SendAsync(person.Id)).Status);
        Assert.Equal(requests, _teams.ConnectorRequests().Count);
    }

    [Fact]
    public async Task A_teams_user_who_may_not_see_arr_gets_the_ranking_without_amounts_and_digest_me_off_stops_it()
    {
        await SayAsync("digest me on", aadObjectId: "aad-plain");
        var person = (await PersonAsync())!;
        Assert.Equal("aad-plain", person.CreatedBy);

        Assert.Equal(DigestStatus.Sent, (await SendAsync(person.Id)).Status);

        var posted = Posted();
        Assert.Contains("CI builds per billable user 25 -> needs > 40", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("$", posted, StringComparison.Ordinal);
        Assert.Contains(Wording.PersonalArrHidden, posted, StringComparison.Ordinal);

        Assert.Contains("Your weekly digest is off", await SayAsync("digest me off", aadObjectId: "aad-plain"), StringComparison.Ordinal);
        Assert.False((await PersonAsync())!.PersonalChoice);
    }

    [Fact]
    public async Task Digest_me_on_in_a_channel_asks_for_a_personal_chat_and_stores_nothing()
    {
        Assert.Equal(Wording.PersonalDigestInPersonalChat, await SayAsync("digest me on", "channel"));

        Assert.Null(await PersonAsync());
    }
}
