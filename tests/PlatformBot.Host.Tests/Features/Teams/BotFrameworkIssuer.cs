using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>
/// Plays login.botframework.com (after PlatformBot.Teams.Tests' helper): a real RSA key with an "msteams" endorsement,
/// OpenID metadata and JWKS served by WireMock over http, and tokens minted as the Bot Connector would.
/// </summary>
internal sealed class BotFrameworkIssuer : IDisposable
{
    public const string AppId = "00000000-aaaa-bbbb-cccc-000000000001";
    public const string Issuer = "https://api.botframework.com";
    public const string KeyId = "teams-key";
    public const string MetadataPath = "/v1/.well-known/openidconfiguration";
    public const string KeysPath = "/v1/.well-known/keys";

    private static readonly RSA SharedKey = RSA.Create(2048);

    public BotFrameworkIssuer()
    {
        Server = WireMockServer.Start();
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
        var parameters = SharedKey.ExportParameters(includePrivateParameters: false);
        var keys = new JsonArray
        {
            new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            },
        };
        Server.Given(Request.Create().WithPath(KeysPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(new JsonObject { ["keys"] = keys }.ToJsonString()));
    }

    public WireMockServer Server { get; }

    public Uri MetadataUrl => new(Server.Url + MetadataPath);

    public static string CreateToken(string serviceUrl, string audience = AppId)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(60),
            Claims = new Dictionary<string, object>
            {
                ["serviceurl"] = serviceUrl,
                ["appid"] = "d6d49420-f39b-4df7-a1dc-d59a935871db",
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(SharedKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
