using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;
using Quartz;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// The personal my-accounts digest on Slack, end to end: `/adoption digest me on|off` signed like Slack sends it,
/// users.info and users.lookupByEmail from WireMock, the real host on a fresh SQLite store, the real importer and
/// engine (<see cref="PersonalBook"/>), the real sender and delivery guard, the DM posted to the fake Web API.
/// </summary>
public sealed class PersonalDigestTests : IDisposable
{
    private const string Pat = "U0PAT";
    private readonly FakeSlack _slack = new();
    private DigestHost? _host;

    public PersonalDigestTests()
    {
        _slack.Server.Given(Request.Create().WithPath("/api/users.info").UsingPost()).AtPriority(100)
            .RespondWith(FakeSlack.Ok(User("Pat@Example.com")));
        _slack.Server.Given(Request.Create().WithPath("/api/users.lookupByEmail").UsingPost().WithBody(new WildcardMatcher("*pat%40example.com*", true))).AtPriority(1)
            .RespondWith(FakeSlack.Ok(User("pat@example.com")));
        _slack.Server.Given(Request.Create().WithPath("/api/users.lookupByEmail").UsingPost()).AtPriority(100)
            .RespondWith(FakeSlack.Ok("""{"ok":false,"error":"users_not_found"}"""));
        _slack.Server.Given(Request.Create().WithPath(new WildcardMatcher("/hooks/*")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    private static string User(string email) =>
        """{"ok":true,"user":{"id":"U0PAT","team_id":"T0TEAM","name":"pat","tz":"America/New_York","profile":{"email":""" + "\"" + email + "\"}}}";

    public void Dispose()
    {
        _host?.Dispose();
        _slack.Dispose();
    }

    private async Task<DigestHost> StartAsync(params (string Key, string Value)[] settings)
    {
        _host = new DigestHost(_slack);
        foreach (var (key, value) in settings)
        {
            _host.With(key, value);
        }

        await PersonalBook.SeedAsync(_host.Services);
        return _host;
    }

    /// <summary>`/adoption &lt;text&gt;` from <paramref name="user"/>, signed; the reply as the user sees it (inline or via response_url).</summary>
    private async Task<string> CommandAsync(DigestHost host, string text, string user = Pat)
    {
        var hook = $"{_slack.Url}/hooks/{Guid.NewGuid():N}";
        var body = string.Join('&', new[] { ("command", "/adoption"), ("text", text), ("user_id", user), ("team_id", "T0TEAM"), ("channel_id", "C0SOME"), ("response_url", hook) }
            .Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2)));
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, ts);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.ComputeSignature("test-signing-secret", ts, bytes));
        using var client = host.CreateClient();
        using var response = await client.SendAsync(request);
        var inline = await response.Content.ReadAsStringAsync();
        if (inline.Length > 0)
        {
            return PersonalBook.Visible(JsonDocument.Parse(inline).RootElement);
        }

        for (var i = 0; i < 200; i++)
        {
            if (_slack.Server.LogEntries.FirstOrDefault(e => hook.EndsWith(e.RequestMessage.Path, StringComparison.Ordinal)) is { } posted)
            {
                return PersonalBook.Visible(JsonDocument.Parse(posted.RequestMessage.Body!).RootElement);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No reply to " + text);
    }

    private static async Task<DigestSubscription?> PersonAsync(DigestHost host, string email = PersonalBook.Email)
    {
        await using var db = await host.DbAsync();
        var key = PersonalDigests.Key(email);
        return await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.PersonKey == key);
    }

    private static Task<SendOutcome> SendAsync(DigestHost host, long id) =>
        host.Get<DigestSender>().SendAsync(id, PersonalBook.Current, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    /// <summary>The person's cron trigger after the scheduler synced with the rows; null when none is scheduled.</summary>
    private static async Task<ICronTrigger?> TriggerAsync(DigestHost host, long id)
    {
        await host.Get<DigestScheduler>().SyncAsync(CancellationToken.None);
        return await (await host.Get<ISchedulerFactory>().GetScheduler()).GetTrigger(DigestScheduler.TriggerKeyFor(id)) as ICronTrigger;
    }

    /// <summary>Everything posted to the person's DM (headline and thread), as they read it.</summary>
    private string Dm() => string.Join('\n', _slack.Posts(Pat).Select(PersonalBook.Visible));

    [Fact]
    public async Task Digest_me_on_sends_a_weekly_dm_with_what_changed_what_one_metric_would_lift_and_what_has_no_data_once_per_week()
    {
        var host = await StartAsync();

        var reply = await CommandAsync(host, "digest me on");

        Assert.Contains("Your weekly digest is on", reply, StringComparison.Ordinal);
        Assert.Contains("(America/New_York)", reply, StringComparison.Ordinal);
        var person = Assert.IsType<DigestSubscription>(await PersonAsync(host));
        Assert.Equal(("slack", Pat, Pat, "my-accounts", true, "America/New_York", DigestStatus.Active),
            (person.Platform, person.ChannelId, person.CreatedBy, person.Kind, person.PersonalChoice, person.TimeZone, person.Status));
        Assert.Equal("America/New_York", (await TriggerAsync(host, person.Id))?.TimeZone.Id);

        var first = await SendAsync(host, person.Id);

        Assert.Equal(DigestStatus.Sent, first.Status);
        var dm = Dm();
        Assert.Contains("Your 3 accounts: 1 changed since 2025-11-17, 2 one metric from the next level, 1 without data for two weeks.", dm, StringComparison.Ordinal);
        Assert.Contains("level 2 → 1 · CI green→yellow", dm, StringComparison.Ordinal);
        Assert.Contains("level 1 → 2 if CI builds per billable user 31 -> needs > 40", dm, StringComparison.Ordinal);
        Assert.Contains("level 1 → 2 if CI builds per billable user 25 -> needs > 40", dm, StringComparison.Ordinal);
        Assert.Contains("No usage data has been received for this account.", dm, StringComparison.Ordinal);
        Assert.DoesNotContain("Quebec", dm, StringComparison.Ordinal);

        // Ranked by ARR at stake: Papa Two ($900K) before Papa One ($400K), though pat may not see the amounts.
        var oneMetric = dm[dm.IndexOf(Wording.PersonalOneMetricTitle, StringComparison.Ordinal)..];
        Assert.True(oneMetric.IndexOf("Papa Two", StringComparison.Ordinal) < oneMetric.IndexOf("Papa One", StringComparison.Ordinal), oneMetric);
        Assert.DoesNotContain("$", dm, StringComparison.Ordinal);
        Assert.Contains(Wording.PersonalArrHidden, dm, StringComparison.Ordinal);

        var posts = _slack.Posts().Count;
        var second = await SendAsync(host, person.Id);

        Assert.Equal("already-claimed", second.Status);
        Assert.Equal(posts, _slack.Posts().Count);
        Assert.Single(await DigestData.DeliveriesAsync(host, person.Id));
    }

    [Fact]
    public async Task An_arr_viewer_reads_the_arr_at_stake_in_their_personal_digest()
    {
        var host = await StartAsync(("Slack:ArrViewerUserIds:0", Pat));
        await CommandAsync(host, "digest me on");

        Assert.Equal(DigestStatus.Sent, (await SendAsync(host, (await PersonAsync(host))!.Id)).Status);

        var dm = Dm();
        Assert.Contains("CI builds per billable user 25 -> needs > 40 · ARR $900K", dm, StringComparison.Ordinal);
        Assert.DoesNotContain(Wording.PersonalArrHidden, dm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_default_enrols_owners_found_by_e_mail_records_the_unreachable_and_digest_me_off_wins()
    {
        var host = await StartAsync(("Digests:PersonalDefault", "true"));

        Assert.Equal(1, await host.Get<PersonalDigests>().EnrolAsync(CancellationToken.None));

        var pat = Assert.IsType<DigestSubscription>(await PersonAsync(host));
        Assert.Equal((Pat, (bool?)null, DigestStatus.Active), (pat.ChannelId, pat.PersonalChoice, pat.Status));
        var kim = Assert.IsType<DigestSubscription>(await PersonAsync(host, "kim@example.com"));
        Assert.Equal(DigestStatus.Broken, kim.Status);
        Assert.Contains("no Slack user has this e-mail", kim.StatusReason, StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Sent, (await SendAsync(host, pat.Id)).Status);
        Assert.NotNull(await TriggerAsync(host, pat.Id));

        Assert.Contains("Your weekly digest is off", await CommandAsync(host, "digest me off"), StringComparison.Ordinal);

        Assert.False((await PersonAsync(host))!.PersonalChoice);
        Assert.Null(await TriggerAsync(host, pat.Id));
        var off = await host.Get<DigestSender>().SendAsync(pat.Id, PersonalBook.Current.AddDays(7), DigestSources.Cli, retryUnknown: false, CancellationToken.None);
        Assert.Equal(DigestStatus.Skipped, off.Status);
        Assert.Single(await DigestData.DeliveriesAsync(host, pat.Id));
    }

    [Fact]
    public async Task Without_the_admin_default_nobody_is_enrolled_and_a_person_without_a_choice_gets_nothing()
    {
        var host = await StartAsync();

        Assert.Equal(0, await host.Get<PersonalDigests>().EnrolAsync(CancellationToken.None));
        Assert.Null(await PersonAsync(host));

        await host.Get<PersonalDigests>().EnrolIfDueAsync(CancellationToken.None);
        Assert.Null(await PersonAsync(host));
        Assert.Equal(0, _slack.Calls("/api/users.lookupByEmail"));

        // A row enrolled while the default was on follows it when it is turned off.
        long id;
        await using (var db = await host.DbAsync())
        {
            var row = new DigestSubscription
            {
                Platform = "slack", ChannelId = Pat, Kind = "my-accounts", Day = "mon", Time = "09:00", TimeZone = "Europe/Berlin", CreatedBy = Pat,
                Status = DigestStatus.Active, PersonKey = PersonalDigests.Key(PersonalBook.Email), OwnerEmail = PersonalBook.Email, SkipWhenNoChanges = true,
            };
            db.DigestSubscriptions.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        Assert.Null(await TriggerAsync(host, id));
        Assert.Equal(DigestStatus.Skipped, (await SendAsync(host, id)).Status);
        Assert.Empty(await DigestData.DeliveriesAsync(host, id));
        Assert.Empty(_slack.Posts(Pat));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_nodes_enrolling_and_sending_at_once_keep_one_row_per_person_and_post_one_dm_per_week(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        DigestHost Node() => (DigestHost)new DigestHost(_slack)
            .With("Storage:Provider", store.Provider.ToString())
            .With($"ConnectionStrings:{StorageOptions.ConnectionStringName}", store.ConnectionString)
            .With("Digests:Clustered", "false")
            .With("Digests:PersonalDefault", "true");
        await using var first = Node();
        await using var second = Node();
        await PersonalBook.SeedAsync(first.Services);

        await Task.WhenAll(first.Get<PersonalDigests>().EnrolAsync(CancellationToken.None), second.Get<PersonalDigests>().EnrolAsync(CancellationToken.None));

        await using (var db = await first.DbAsync())
        {
            var people = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Kind == "my-accounts").Select(s => s.PersonKey).ToListAsync();
            Assert.Equal(["jo@example.com", "kim@example.com", "pat@example.com"], people.Order(StringComparer.Ordinal));
        }

        var id = (await PersonAsync(first))!.Id;
        var sent = await Task.WhenAll(SendAsync(first, id), SendAsync(second, id));

        Assert.Equal(["already-claimed", DigestStatus.Sent], sent.Select(o => o.Status).Order(StringComparer.Ordinal));
        Assert.Single(_slack.TopLevel(Pat));
        Assert.Single(await DigestData.DeliveriesAsync(first, id));
    }
}
