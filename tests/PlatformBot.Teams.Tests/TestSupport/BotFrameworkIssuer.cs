using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Teams.Tests.TestSupport;

/// <summary>
/// Plays login.botframework.com: real RSA keys, OpenID metadata and a JWKS with endorsements served by WireMock,
/// and tokens minted with JsonWebTokenHandler exactly as the Bot Connector would. Shared with PlatformBot.Host.Tests
/// (linked into that project), so both test the same issuer.
/// </summary>
public sealed class BotFrameworkIssuer : IDisposable
{
    public const string AppId = "00000000-aaaa-bbbb-cccc-000000000001";
    public const string Issuer = "https://api.botframework.com";
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string TeamsKeyId = "teams-key";
    public const string WebChatKeyId = "webchat-key";
    public const string MetadataPath = "/v1/.well-known/openidconfiguration";
    public const string KeysPath = "/v1/.well-known/keys";

    // Generating RSA keys is the slow part of these tests; the keys are shared, the servers are not.
    private static readonly RSA SharedTeamsKey = RSA.Create(2048);
    private static readonly RSA SharedWebChatKey = RSA.Create(2048);

    private readonly List<(string Kid, RSA Key, string[] Endorsements)> _published = [];

    public BotFrameworkIssuer()
    {
        Server = WireMockServer.Start();
        TeamsKey = SharedTeamsKey;
        WebChatKey = SharedWebChatKey;
        _published.Add((TeamsKeyId, TeamsKey, ["msteams"]));
        _published.Add((WebChatKeyId, WebChatKey, ["webchat"]));
        Server.Given(Request.Create().WithPath(MetadataPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = "https://invalid.example/authorize",
                    ["jwks_uri"] = Server.Url + KeysPath,
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                }.ToJsonString()));
        PublishKeys();
    }

    public WireMockServer Server { get; }

    public RSA TeamsKey { get; }

    public RSA WebChatKey { get; }

    public Uri MetadataUrl => new(Server.Url + MetadataPath);

    /// <summary>Adds a key to the JWKS (key rotation).</summary>
    public void Publish(string kid, RSA key, params string[] endorsements)
    {
        _published.Add((kid, key, endorsements));
        PublishKeys();
    }

    public int RequestCount(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public string CreateToken(
        DateTimeOffset now,
        Action<SecurityTokenDescriptor>? customize = null,
        RSA? key = null,
        string kid = TeamsKeyId,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string serviceUrl = ServiceUrl)
    {
        SecurityTokenDescriptor descriptor = new()
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.AddMinutes(60),
            Claims = new Dictionary<string, object>
            {
                ["serviceurl"] = serviceUrl,
                ["appid"] = "d6d49420-f39b-4df7-a1dc-d59a935871db",
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? TeamsKey) { KeyId = kid }, algorithm),
        };
        customize?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static Activity CreateActivity(string? tenantId = "tenant-a") => new()
    {
        Type = ActivityTypes.Message,
        Id = "1759881511856",
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        Text = "<at>ScoreBot</at> score payments-api",
        From = new ChannelAccount { Id = "29:user", Name = "Ada", AadObjectId = "b15a" },
        Recipient = new ChannelAccount { Id = "28:" + AppId, Name = "ScoreBot" },
        Conversation = new ConversationAccount { Id = "a:1", ConversationType = "personal", TenantId = tenantId },
    };

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }

    private void PublishKeys()
    {
        JsonArray keys = [];
        foreach ((var kid, var key, var endorsements) in _published)
        {
            var parameters = key.ExportParameters(includePrivateParameters: false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
            });
        }

        Server.Given(Request.Create().WithPath(KeysPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(new JsonObject { ["keys"] = keys }.ToJsonString()));
    }
}
