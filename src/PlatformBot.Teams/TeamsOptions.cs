using System.Globalization;

namespace PlatformBot.Teams;

/// <summary>
/// Settings of the Bot Framework / Teams adapter, bound from the <c>Teams</c> configuration section.
/// Secrets (AppPassword) come from user secrets or the environment, never from appsettings.json.
/// </summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    /// <summary>Tenant used for outbound tokens of legacy multi-tenant bots.</summary>
    public const string MultiTenantAuthorityTenant = "botframework.com";

    /// <summary>Microsoft App ID (client id) of the Azure Bot; the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret of the app registration, used for outbound Bot Connector tokens.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// Home tenant of the app registration (SingleTenant bots). Null or "botframework.com" means the legacy
    /// multi-tenant authority.
    /// </summary>
    public string? AppTenantId { get; set; }

    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>
    /// Only tests turn this off (WireMock serves metadata over http). Production metadata must come over https,
    /// otherwise anybody on the path could swap the signing keys.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Issuer of Bot Connector tokens. Entra-issued (Emulator, skills) tokens are deliberately not accepted.</summary>
    public string ValidIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>
    /// Authority host for outbound tokens; the tenant is appended (<see cref="GetAuthority"/>). Tests point it at
    /// an https WireMock server because MSAL refuses non-https authorities.
    /// </summary>
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Tenants whose activities are accepted. Empty means any tenant (a multi-tenant bot).</summary>
    public IList<string> AllowedTenantIds { get; } = [];

    /// <summary>
    /// Hosts that may receive the outbound bearer token. "*.example.com" matches sub-domains only.
    /// Configuration binding appends to these defaults; it cannot remove them.
    /// </summary>
    public IList<string> AllowedServiceUrlHosts { get; } =
    [
        "smba.trafficmanager.net",
        "*.botframework.com",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
    ];

    /// <summary>
    /// Tests only (WireMock serves http): lets outbound calls and the bearer token go to an http service URL, and then
    /// only on a loopback host. Off by default: production service URLs are https, and a token sent over http could be
    /// read by anyone on the path.
    /// </summary>
    public bool AllowHttpServiceUrls { get; set; }

    /// <summary>Largest inbound activity body accepted by <c>MapTeamsMessages</c>; larger requests get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How long one inbound activity may take, replies and their retries included, before /api/messages answers
    /// anyway. Teams waits about 10-15 s and may redeliver after that; the default leaves a margin.
    /// </summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock skew allowed for inbound token lifetimes (the protocol says 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the OpenID metadata, signing keys and key endorsements are cached.</summary>
    public TimeSpan SigningKeyCacheDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Minimum time between forced refreshes triggered by an unknown key id, so forged kids cannot make us hammer
    /// the metadata endpoint.
    /// </summary>
    public TimeSpan SigningKeyMinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public ConnectorRetryOptions Retry { get; } = new();

    public ConnectorPacingOptions Pacing { get; } = new();

    /// <summary>True when the adapter can authenticate in both directions.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppPassword);

    /// <summary>The token authority: AuthorityHost + tenant (AppTenantId or "botframework.com").</summary>
    public Uri GetAuthority()
    {
        var tenant = string.IsNullOrWhiteSpace(AppTenantId) ? MultiTenantAuthorityTenant : AppTenantId.Trim();
        var host = AuthorityHost.AbsoluteUri.EndsWith('/') ? AuthorityHost.AbsoluteUri : AuthorityHost.AbsoluteUri + "/";
        return new Uri(host + Uri.EscapeDataString(tenant) + "/");
    }

    /// <summary>
    /// Checks the settings. No AppId and no AppPassword is valid (Teams simply stays off); half a configuration is not.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        var hasId = !string.IsNullOrWhiteSpace(AppId);
        var hasPassword = !string.IsNullOrWhiteSpace(AppPassword);
        if (hasId && !hasPassword)
        {
            errors.Add($"{SectionName}:{nameof(AppPassword)} is missing while {SectionName}:{nameof(AppId)} is set.");
        }

        if (hasPassword && !hasId)
        {
            errors.Add($"{SectionName}:{nameof(AppId)} is missing while {SectionName}:{nameof(AppPassword)} is set.");
        }

        if (hasId && !Guid.TryParse(AppId, out _))
        {
            errors.Add($"{SectionName}:{nameof(AppId)} must be the Microsoft App ID (a GUID).");
        }

        if (!OpenIdMetadataUrl.IsAbsoluteUri)
        {
            errors.Add($"{SectionName}:{nameof(OpenIdMetadataUrl)} must be an absolute URL.");
        }
        else if (RequireHttpsMetadata && OpenIdMetadataUrl.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{SectionName}:{nameof(OpenIdMetadataUrl)} must use https (set {nameof(RequireHttpsMetadata)}=false only in tests).");
        }

        if (!AuthorityHost.IsAbsoluteUri || AuthorityHost.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{SectionName}:{nameof(AuthorityHost)} must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(ValidIssuer))
        {
            errors.Add($"{SectionName}:{nameof(ValidIssuer)} is required.");
        }

        if (string.IsNullOrWhiteSpace(Scope))
        {
            errors.Add($"{SectionName}:{nameof(Scope)} is required.");
        }

        if (AllowedServiceUrlHosts.Count == 0)
        {
            errors.Add($"{SectionName}:{nameof(AllowedServiceUrlHosts)} must list at least one host.");
        }

        if (MaxRequestBodyBytes <= 0)
        {
            errors.Add($"{SectionName}:{nameof(MaxRequestBodyBytes)} must be positive.");
        }

        if (TurnTimeout <= TimeSpan.Zero || TurnTimeout > TimeSpan.FromSeconds(15))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(TurnTimeout)} must be more than 0 and at most 15 seconds, what Teams waits (is {TurnTimeout})."));
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(ClockSkew)} must be between 0 and 10 minutes (is {ClockSkew})."));
        }

        if (SigningKeyMinimumRefreshInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{SectionName}:{nameof(SigningKeyMinimumRefreshInterval)} must be at least one second.");
        }

        if (SigningKeyCacheDuration < SigningKeyMinimumRefreshInterval)
        {
            errors.Add($"{SectionName}:{nameof(SigningKeyCacheDuration)} must not be shorter than {nameof(SigningKeyMinimumRefreshInterval)}.");
        }

        errors.AddRange(Retry.Validate());
        errors.AddRange(Pacing.Validate());
        return errors;
    }
}
