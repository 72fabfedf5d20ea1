using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Teams;
using PlatformBot.Teams.Tests.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>The host trusting the test login certificate for MSAL (and nothing else).</summary>
internal sealed class TeamsBotFactory(LogCapture? logs = null) : PlatformBotFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(TeamsHttpClientNames.Msal).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = static (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || TestCertificate.IsTrusted(certificate),
            });
            if (logs is not null)
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            }
        });
    }
}

/// <summary>
/// The real host with Teams on: WireMock plays login.botframework.com (inbound keys, http), login.microsoftonline.com
/// (outbound token, https) and the Bot Connector (http on loopback, allow-listed). Sample data is imported and scored,
/// with eleven earlier weekly snapshots (so the trend digests have a chart). The SQLite file lives in a folder of
/// this host, so <see cref="RestartAsync"/> starts a second host lifetime on the same store.
/// </summary>
internal sealed class TeamsTestHost : IAsyncDisposable
{
    public const string ArrViewer = "aad-arr-viewer";
    public const string TenantId = "tenant-a";
    public const string TokenPath = "/botframework.com/oauth2/v2.0/token";
    public const string PersonalConversationId = "a:personal-chat-1";
    public const string ChannelId = "19:channel@thread.tacv2";
    public const string TeamId = "19:team@thread.tacv2";

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("platformbot-teams-");
    private readonly Dictionary<string, string> _extra;

    private TeamsTestHost(BotFrameworkIssuer issuer, WireMockServer login, WireMockServer connector, Dictionary<string, string> extra)
    {
        Issuer = issuer;
        Login = login;
        Connector = connector;
        _extra = extra;
        Factory = CreateFactory();
    }

    public BotFrameworkIssuer Issuer { get; }

    public WireMockServer Login { get; }

    public WireMockServer Connector { get; }

    public PlatformBotFactory Factory { get; private set; }

    /// <summary>What the host logged (levels, and whether a stack trace came with a line).</summary>
    public LogCapture Logs { get; } = new();

    public string ServiceUrl => Connector.Url + "/amer/";

    public string DataDirectory => _data.FullName;

    public static async Task<TeamsTestHost> StartAsync(Dictionary<string, string>? settings = null)
    {
        var issuer = new BotFrameworkIssuer();
        var login = WireMockServer.Start(new WireMockServerSettings
        {
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = TestCertificate.Localhost },
        });
        login.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"connector-token"}"""));

        var connector = WireMockServer.Start();
        foreach (var region in new[] { "amer", "emea" })
        {
            connector.Given(Request.Create().WithPath($"/{region}/v3/conversations").UsingPost()).AtPriority(100)
                .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                    .WithBody($$"""{"id":"{{PersonalConversationId}}"}"""));
            connector.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/{region}/v3/conversations/*/activities*")).UsingPost()).AtPriority(100)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"id":"sent-1"}"""));
        }

        var host = new TeamsTestHost(issuer, login, connector, settings ?? []);
        await host.SeedAsync();
        return host;
    }

    private PlatformBotFactory CreateFactory()
    {
        var factory = new TeamsBotFactory(Logs)
            .With("Storage:DataDirectory", _data.FullName)
            .With("Teams:AppId", BotFrameworkIssuer.AppId)
            .With("Teams:AppPassword", "client-secret")
            .With("Teams:OpenIdMetadataUrl", Issuer.MetadataUrl.AbsoluteUri)
            .With("Teams:RequireHttpsMetadata", "false")
            .With("Teams:AuthorityHost", Login.Url + "/")
            .With("Teams:AllowedServiceUrlHosts:0", "127.0.0.1")
            .With("Teams:AllowedServiceUrlHosts:1", "localhost")
            .With("Teams:AllowHttpServiceUrls", "true")
            .With("Teams:AllowedTenantIds:0", TenantId)
            .With("Teams:Retry:BaseDelay", "00:00:00.050")
            .With("Teams:ArrViewerAadObjectIds:0", ArrViewer)
            .With("Digests:SchedulerEnabled", "false")
            .With("Digests:ScoringSchedule", string.Empty)
            .With("Digests:PostSpacing", "00:00:00")
            .With("Digests:RetryBaseDelay", "00:00:00.050");
        foreach (var (key, value) in _extra)
        {
            factory.With(key, value);
        }

        return factory;
    }

    /// <summary>Stops the host and starts a new one on the same SQLite file (the WireMock servers keep running).</summary>
    public async Task RestartAsync()
    {
        await Factory.DisposeAsync();
        Factory = CreateFactory();
    }

    private async Task SeedAsync()
    {
        var imports = Factory.Services.GetRequiredService<ImportService>();
        foreach (var (kind, csv) in new[] { (ImportKind.Accounts, SampleData.Accounts), (ImportKind.Subscriptions, SampleData.Subscriptions), (ImportKind.Usage, SampleData.Usage) })
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var result = await imports.ImportAsync(kind, stream, "test", "test", null, CancellationToken.None);
            Assert.True(result.Succeeded, $"{kind} import failed");
        }

        await Factory.Services.GetRequiredService<ScoreRunner>().ScoreAndStoreAsync(SampleData.SnapshotDate, CancellationToken.None);

        // Earlier weeks: the same snapshots a level lower every other week, so trends move and charts have lines.
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        var current = await db.ScoreSnapshots.AsNoTracking().Where(s => s.AsOf == SampleData.SnapshotDate).ToListAsync();
        for (var week = 1; week <= 11; week++)
        {
            foreach (var snapshot in current)
            {
                db.ScoreSnapshots.Add(new ScoreSnapshot
                {
                    AccountId = snapshot.AccountId, AsOf = SampleData.SnapshotDate.AddDays(-7 * week), ModelVersion = snapshot.ModelVersion,
                    ArrCents = snapshot.ArrCents, Level = week % 2 == 1 && snapshot.Level == "3+" ? "2" : snapshot.Level,
                    AdoptionScore = snapshot.AdoptionScore, UseCases = snapshot.UseCases, LicenseUtilization = snapshot.LicenseUtilization,
                    ProductUsageScore = snapshot.ProductUsageScore, DataAsOf = snapshot.DataAsOf, ComputedAtUtc = snapshot.ComputedAtUtc,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    public string Token(string? serviceUrl = null) => Issuer.CreateToken(TimeProvider.System.GetUtcNow(), serviceUrl: serviceUrl ?? ServiceUrl);

    public Activity Message(string text, string conversationType = "personal", string id = "msg-1", string aadObjectId = ArrViewer)
    {
        var botId = "28:" + BotFrameworkIssuer.AppId;
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = id,
            ChannelId = "msteams",
            ServiceUrl = ServiceUrl,
            Text = text,
            From = new ChannelAccount { Id = "29:user-1", Name = "Ada", AadObjectId = aadObjectId },
            Recipient = new ChannelAccount { Id = botId, Name = "PlatformBot" },
            Conversation = new ConversationAccount
            {
                Id = conversationType == "personal" ? "a:ada-1" : ChannelId + ";messageid=100",
                ConversationType = conversationType,
                IsGroup = conversationType != "personal",
                TenantId = TenantId,
            },
        };
        if (conversationType != "personal")
        {
            activity.Text = "<at>PlatformBot</at> " + text;
            activity.Entities =
            [
                JsonSerializer.SerializeToElement(new
                {
                    type = "mention",
                    text = "<at>PlatformBot</at>",
                    mentioned = new { id = botId, name = "PlatformBot" },
                }),
            ];
            activity.ChannelData = JsonSerializer.SerializeToElement(new
            {
                tenant = new { id = TenantId },
                team = new { id = TeamId },
                channel = new { id = ChannelId },
            });
        }

        return activity;
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient client, Activity activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity, TeamsJson.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token(activity.ServiceUrl));
        return await client.SendAsync(request);
    }

    /// <summary>Requests the connector received (method, path, JSON body).</summary>
    public IReadOnlyList<(string Method, string Path, JsonNode? Body)> ConnectorRequests() =>
        [.. Connector.LogEntries
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => (e.RequestMessage.Method, e.RequestMessage.Path, e.RequestMessage.Body is { Length: > 0 } body ? JsonNode.Parse(body) : null))];

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Issuer.Dispose();
        Login.Stop();
        Login.Dispose();
        Connector.Stop();
        Connector.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a pooled SQLite handle may outlive the host for a moment; the temp folder is harmless
        }
    }
}
