using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using PlatformBot.Teams.Tests.TestSupport;

namespace PlatformBot.Teams.Tests;

public sealed class BotFrameworkTokenValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 12, 3, TimeSpan.Zero);

    private readonly BotFrameworkIssuer _issuer = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _issuer.Dispose();
    }

    [Fact]
    public async Task Accepts_a_valid_connector_token()
    {
        var result = await ValidateAsync(_issuer.CreateToken(Now));

        var ok = Assert.IsType<BotAuthenticationResult.Ok>(result);
        Assert.Equal(BotFrameworkIssuer.ServiceUrl, ok.Identity.FindFirst("serviceurl")?.Value);
    }

    [Fact]
    public async Task Accepts_a_token_expired_less_than_the_five_minute_skew_ago()
    {
        var token = _issuer.CreateToken(Now, d =>
        {
            d.IssuedAt = d.NotBefore = Now.UtcDateTime.AddHours(-1);
            d.Expires = Now.UtcDateTime.AddMinutes(-4);
        });

        Assert.IsType<BotAuthenticationResult.Ok>(await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_for_another_audience()
    {
        var token = _issuer.CreateToken(Now, d => d.Audience = "11111111-2222-3333-4444-555555555555");

        AssertUnauthorized(await ValidateAsync(token), "audience");
    }

    [Fact]
    public async Task Refuses_a_token_from_another_issuer()
    {
        var token = _issuer.CreateToken(Now, d => d.Issuer = "https://sts.windows.net/evil/");

        AssertUnauthorized(await ValidateAsync(token), "issuer");
    }

    [Fact]
    public async Task Refuses_a_token_expired_beyond_the_skew()
    {
        var token = _issuer.CreateToken(Now, d =>
        {
            d.IssuedAt = d.NotBefore = Now.UtcDateTime.AddHours(-1);
            d.Expires = Now.UtcDateTime.AddMinutes(-6);
        });

        AssertUnauthorized(await ValidateAsync(token), "expired");
    }

    [Fact]
    public async Task Lifetime_follows_the_injected_clock()
    {
        var token = _issuer.CreateToken(Now);
        _time.Advance(TimeSpan.FromMinutes(66));

        AssertUnauthorized(await ValidateAsync(token), "expired");
    }

    [Fact]
    public async Task Refuses_a_token_not_yet_valid_beyond_the_skew()
    {
        var token = _issuer.CreateToken(Now, d =>
        {
            d.IssuedAt = d.NotBefore = Now.UtcDateTime.AddMinutes(6);
            d.Expires = Now.UtcDateTime.AddMinutes(60);
        });

        AssertUnauthorized(await ValidateAsync(token), "not yet valid");
    }

    [Fact]
    public async Task Refuses_a_token_signed_by_another_key_under_a_published_kid()
    {
        using var impostor = RSA.Create(2048);
        var token = _issuer.CreateToken(Now, key: impostor, kid: BotFrameworkIssuer.TeamsKeyId);

        AssertUnauthorized(await ValidateAsync(token), "signature");
    }

    [Fact]
    public async Task Refuses_algorithms_other_than_RS256()
    {
        var token = _issuer.CreateToken(Now, algorithm: SecurityAlgorithms.RsaSha512);

        AssertUnauthorized(await ValidateAsync(token), "algorithm");
    }

    [Fact]
    public async Task Forbids_a_key_that_is_not_endorsed_for_msteams()
    {
        var token = _issuer.CreateToken(Now, key: _issuer.WebChatKey, kid: BotFrameworkIssuer.WebChatKeyId);

        var result = await ValidateAsync(token);

        var forbidden = Assert.IsType<BotAuthenticationResult.Forbidden>(result);
        Assert.Contains("endorsed", forbidden.Reason, StringComparison.Ordinal);
        Assert.Equal(403, result.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_serviceurl_claim_that_differs_from_the_activity()
    {
        var token = _issuer.CreateToken(Now, d => d.Claims["serviceurl"] = "https://attacker.example/");

        AssertUnauthorized(await ValidateAsync(token), "serviceurl");
    }

    [Fact]
    public async Task Compares_the_serviceurl_case_insensitively_and_ignores_a_trailing_slash()
    {
        var token = _issuer.CreateToken(Now, d => d.Claims["serviceurl"] = "HTTPS://SMBA.trafficmanager.net/EMEA");

        Assert.IsType<BotAuthenticationResult.Ok>(await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_without_serviceurl_claim()
    {
        var token = _issuer.CreateToken(Now, d => d.Claims.Remove("serviceurl"));

        AssertUnauthorized(await ValidateAsync(token), "serviceurl");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Refuses_a_request_without_bearer_token(string? header)
    {
        var result = await Validator().ValidateAsync(header, BotFrameworkIssuer.CreateActivity(), CancellationToken.None);

        AssertUnauthorized(result, "bearer");
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_malformed_token()
    {
        AssertUnauthorized(await ValidateAsync("not-a-jwt"), "Malformed");
    }

    [Fact]
    public async Task Forbids_a_tenant_outside_the_allow_list()
    {
        var validator = Validator(o => o.AllowedTenantIds.Add("tenant-a"));

        var result = await validator.ValidateAsync(
            "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity("tenant-b"), CancellationToken.None);

        var forbidden = Assert.IsType<BotAuthenticationResult.Forbidden>(result);
        Assert.Contains("tenant-b", forbidden.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbids_an_activity_without_tenant_when_an_allow_list_is_set()
    {
        var validator = Validator(o => o.AllowedTenantIds.Add("tenant-a"));

        var result = await validator.ValidateAsync(
            "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity(tenantId: null), CancellationToken.None);

        Assert.IsType<BotAuthenticationResult.Forbidden>(result);
    }

    [Fact]
    public async Task Accepts_an_allowed_tenant_given_only_in_channel_data()
    {
        var validator = Validator(o => o.AllowedTenantIds.Add("TENANT-A"));
        var activity = BotFrameworkIssuer.CreateActivity(tenantId: null);
        activity.ChannelData = System.Text.Json.JsonDocument.Parse("""{"tenant":{"id":"tenant-a"}}""").RootElement.Clone();

        var result = await validator.ValidateAsync("Bearer " + _issuer.CreateToken(Now), activity, CancellationToken.None);

        Assert.IsType<BotAuthenticationResult.Ok>(result);
    }

    [Fact]
    public async Task Refuses_everything_when_the_bot_is_not_configured()
    {
        var validator = Validator(o =>
        {
            o.AppId = null;
            o.AppPassword = null;
        });

        var result = await validator.ValidateAsync(
            "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity(), CancellationToken.None);

        AssertUnauthorized(result, "not configured");
    }

    [Fact]
    public async Task Caches_metadata_and_keys_across_requests()
    {
        var validator = Validator();
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<BotAuthenticationResult.Ok>(await validator.ValidateAsync(
                "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity(), CancellationToken.None));
        }

        Assert.Equal(1, _issuer.RequestCount(BotFrameworkIssuer.MetadataPath));
        Assert.Equal(1, _issuer.RequestCount(BotFrameworkIssuer.KeysPath));
    }

    [Fact]
    public async Task Refreshes_keys_and_endorsements_when_a_token_names_an_unknown_kid()
    {
        var validator = Validator();
        Assert.IsType<BotAuthenticationResult.Ok>(await validator.ValidateAsync(
            "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity(), CancellationToken.None));

        using var rotated = RSA.Create(2048);
        _issuer.Publish("rotated-key", rotated, "msteams");
        _time.Advance(TimeSpan.FromMinutes(6)); // past the minimum refresh interval, far from the 12 h cache expiry
        var token = _issuer.CreateToken(_time.GetUtcNow(), key: rotated, kid: "rotated-key");

        var result = await validator.ValidateAsync("Bearer " + token, BotFrameworkIssuer.CreateActivity(), CancellationToken.None);

        Assert.IsType<BotAuthenticationResult.Ok>(result);
        Assert.Equal(2, _issuer.RequestCount(BotFrameworkIssuer.KeysPath));
    }

    [Fact]
    public async Task Refuses_a_token_whose_kid_is_not_in_the_key_set_even_after_one_refetch()
    {
        var validator = Validator();
        Assert.IsType<BotAuthenticationResult.Ok>(await validator.ValidateAsync(
            "Bearer " + _issuer.CreateToken(Now), BotFrameworkIssuer.CreateActivity(), CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(6));

        // Signed with the real, endorsed Teams key, but naming a key id nobody published.
        var token = _issuer.CreateToken(_time.GetUtcNow(), key: _issuer.TeamsKey, kid: "not-published");
        var result = await validator.ValidateAsync("Bearer " + token, BotFrameworkIssuer.CreateActivity(), CancellationToken.None);

        AssertUnauthorized(result, "not-published");
        Assert.Equal(2, _issuer.RequestCount(BotFrameworkIssuer.KeysPath)); // refetched once, then refused
    }

    [Fact]
    public async Task Does_not_refetch_keys_for_every_unknown_kid()
    {
        var validator = Validator();
        using var stranger = RSA.Create(2048);
        for (var i = 0; i < 3; i++)
        {
            var token = _issuer.CreateToken(Now, key: stranger, kid: "forged-" + i);
            AssertUnauthorized(await validator.ValidateAsync("Bearer " + token, BotFrameworkIssuer.CreateActivity(), CancellationToken.None), "key");
        }

        // Only the initial download: within the minimum refresh interval an unknown kid forces nothing.
        Assert.Equal(1, _issuer.RequestCount(BotFrameworkIssuer.KeysPath));
    }

    private static void AssertUnauthorized(BotAuthenticationResult result, string reasonFragment)
    {
        var unauthorized = Assert.IsType<BotAuthenticationResult.Unauthorized>(result);
        Assert.Contains(reasonFragment, unauthorized.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private Task<BotAuthenticationResult> ValidateAsync(string token) =>
        Validator().ValidateAsync("Bearer " + token, BotFrameworkIssuer.CreateActivity(), CancellationToken.None);

    private BotFrameworkTokenValidator Validator(Action<TeamsOptions>? configure = null)
    {
        ServiceCollection services = new();
        services.AddSingleton<TimeProvider>(_time);
        services.AddTeamsAdapter(o =>
        {
            o.AppId = BotFrameworkIssuer.AppId;
            o.AppPassword = "secret";
            o.OpenIdMetadataUrl = _issuer.MetadataUrl;
            o.RequireHttpsMetadata = false;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<BotFrameworkTokenValidator>();
    }
}
