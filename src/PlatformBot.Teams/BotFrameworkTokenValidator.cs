using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PlatformBot.Teams;

/// <summary>
/// Validates the Bot Connector JWT on an inbound activity (protocol doc §2): bearer present; RS256 signature from
/// the Bot Framework JWKS; issuer; audience = our App ID; lifetime with 5 minutes skew, judged by the injected
/// TimeProvider; the signing key endorsed for the activity's channel; the <c>serviceurl</c> claim equal to the
/// activity's serviceUrl; the tenant on the allow-list. Fails closed: without a configured App ID nothing passes.
/// </summary>
public sealed class BotFrameworkTokenValidator : IDisposable
{
    private const string ServiceUrlClaim = "serviceurl";

    private readonly TeamsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotFrameworkTokenValidator> _logger;
    private readonly SigningKeyCache _keys;
    private readonly JsonWebTokenHandler _handler = new();

    public BotFrameworkTokenValidator(
        IOptions<TeamsOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<BotFrameworkTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _keys = new SigningKeyCache(
            _options,
            new HttpClientDocumentRetriever(httpClientFactory, _options.RequireHttpsMetadata),
            timeProvider);
    }

    /// <param name="authorizationHeader">The raw Authorization header value ("Bearer eyJ…").</param>
    /// <param name="activity">The activity the token came with; channelId, serviceUrl and tenant are checked against it.</param>
    public async Task<BotAuthenticationResult> ValidateAsync(
        string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var result = await ValidateCoreAsync(authorizationHeader, activity, cancellationToken);
        if (result is not BotAuthenticationResult.Ok)
        {
            _logger.LogWarning(
                "Rejected Bot Framework request for activity {ActivityId} ({ChannelId}): {Result}",
                activity.Id, activity.ChannelId, result);
        }

        return result;
    }

    private async Task<BotAuthenticationResult> ValidateCoreAsync(
        string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured)
        {
            return new BotAuthenticationResult.Unauthorized("Teams is not configured (Teams:AppId/AppPassword); anonymous requests are not accepted.");
        }

        if (!TryGetBearerToken(authorizationHeader, out var token))
        {
            return new BotAuthenticationResult.Unauthorized("Missing bearer token.");
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId) || string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return new BotAuthenticationResult.Unauthorized("The activity has no channelId or serviceUrl to check the token against.");
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return new BotAuthenticationResult.Unauthorized("Malformed token.");
        }

        // Checked up front for a clear reason; ValidAlgorithms below enforces it again inside IdentityModel.
        if (!string.Equals(unvalidated.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            return new BotAuthenticationResult.Unauthorized($"Algorithm '{unvalidated.Alg}' is not allowed (RS256 only).");
        }

        var headerKeyId = string.IsNullOrEmpty(unvalidated.Kid) ? null : unvalidated.Kid;
        if (headerKeyId is null)
        {
            return new BotAuthenticationResult.Unauthorized("The token names no signing key (kid).");
        }

        // An unknown kid makes the cache refetch the key set once (rate-limited); a kid still absent afterwards is
        // refused here. Without this IdentityModel would try every published key, and a token naming a key that does
        // not exist would pass on whichever key happened to verify it.
        var keys = await _keys.GetAsync(headerKeyId, cancellationToken);
        if (!keys.Knows(headerKeyId))
        {
            return new BotAuthenticationResult.Unauthorized($"Signing key '{headerKeyId}' is not in the Bot Framework key set.");
        }

        TokenValidationParameters parameters = new()
        {
            ValidIssuer = _options.ValidIssuer,
            ValidAudience = _options.AppId,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            // TokenValidationParameters.TimeProvider is internal in IdentityModel 8.x, so lifetime is judged by our
            // own validator reading the injected TimeProvider (testable, and no hidden DateTime.UtcNow).
            LifetimeValidator = ValidateLifetime,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys.Keys,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = _options.ClockSkew,
        };

        var validation = await _handler.ValidateTokenAsync(token, parameters);
        if (!validation.IsValid)
        {
            return new BotAuthenticationResult.Unauthorized(Describe(validation.Exception));
        }

        var jwt = (JsonWebToken)validation.SecurityToken;

        // Endorsement: the key must be allowed to sign for this channel, else a key meant for another channel
        // (or no channel) could impersonate Teams.
        var signingKeyId = jwt.SigningKey?.KeyId ?? headerKeyId;
        if (!keys.Endorsements.TryGetValue(signingKeyId, out var endorsements)
            || !endorsements.Contains(activity.ChannelId))
        {
            return new BotAuthenticationResult.Forbidden(
                $"Signing key '{signingKeyId}' is not endorsed for channel '{activity.ChannelId}'.");
        }

        // The serviceurl claim binds the token to the connector the activity names; without this check a replayed
        // token would let a caller aim our outbound token at a URL of its choosing.
        if (!jwt.TryGetPayloadValue(ServiceUrlClaim, out string? serviceUrlClaim) || string.IsNullOrWhiteSpace(serviceUrlClaim))
        {
            return new BotAuthenticationResult.Unauthorized("The token has no serviceurl claim.");
        }

        if (!ServiceUrlsMatch(serviceUrlClaim, activity.ServiceUrl))
        {
            return new BotAuthenticationResult.Unauthorized("The token's serviceurl claim does not match the activity's serviceUrl.");
        }

        if (_options.AllowedTenantIds.Count > 0)
        {
            var tenantId = activity.GetTenantId();
            if (tenantId is null || !_options.AllowedTenantIds.Contains(tenantId, StringComparer.OrdinalIgnoreCase))
            {
                return new BotAuthenticationResult.Forbidden($"Tenant '{tenantId}' is not allowed.");
            }
        }

        return new BotAuthenticationResult.Ok(validation.ClaimsIdentity ?? new ClaimsIdentity());
    }

    public void Dispose() => _keys.Dispose();

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } nbf && expires.Value < nbf)
        {
            throw new SecurityTokenInvalidLifetimeException("The token expires before it becomes valid.")
            {
                NotBefore = nbf,
                Expires = expires.Value,
            };
        }

        if (notBefore is { } start && start > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = start };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    }

    /// <summary>
    /// Full-URL comparison, case-insensitive, ignoring one trailing slash (what botbuilder does, minus the slash
    /// quirk). Stricter than the Agents SDK's host-only comparison: a different regional path is a mismatch.
    /// </summary>
    internal static bool ServiceUrlsMatch(string claim, string activityServiceUrl) =>
        string.Equals(claim.TrimEnd('/'), activityServiceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool TryGetBearerToken(string? header, out string token)
    {
        token = string.Empty;
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header[scheme.Length..].Trim();
        return token.Length > 0;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "Token expired.",
        SecurityTokenNotYetValidException => "Token not yet valid.",
        SecurityTokenInvalidAudienceException => "Invalid audience.",
        SecurityTokenInvalidIssuerException => "Invalid issuer.",
        SecurityTokenInvalidAlgorithmException => "Algorithm not allowed.",
        SecurityTokenSignatureKeyNotFoundException => "Signing key not found.",
        SecurityTokenInvalidSignatureException => "Invalid signature.",
        SecurityTokenNoExpirationException => "Token has no expiry.",
        SecurityTokenMalformedException => "Malformed token.",
        null => "Token validation failed.",
        _ => $"Token validation failed ({exception.GetType().Name}).",
    };
}
