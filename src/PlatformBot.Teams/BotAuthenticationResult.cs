using System.Security.Claims;

namespace PlatformBot.Teams;

/// <summary>
/// Outcome of inbound request authentication. Reasons are for logs, not for the HTTP response body.
/// </summary>
public abstract record BotAuthenticationResult
{
    private BotAuthenticationResult()
    {
    }

    /// <summary>HTTP status the endpoint should answer with when the result is not <see cref="Ok"/>.</summary>
    public abstract int StatusCode { get; }

    /// <summary>The token was valid for this bot, this channel and this service URL.</summary>
    public sealed record Ok(ClaimsIdentity Identity) : BotAuthenticationResult
    {
        public override int StatusCode => 200;
    }

    /// <summary>No usable token (missing, malformed, bad signature, wrong issuer/audience/lifetime/serviceurl): 401.</summary>
    public sealed record Unauthorized(string Reason) : BotAuthenticationResult
    {
        public override int StatusCode => 401;
    }

    /// <summary>A genuine token that may not be used here (key not endorsed for the channel, tenant not allowed): 403.</summary>
    public sealed record Forbidden(string Reason) : BotAuthenticationResult
    {
        public override int StatusCode => 403;
    }
}
