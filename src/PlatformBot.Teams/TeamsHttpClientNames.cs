namespace PlatformBot.Teams;

/// <summary>Names of the HttpClients the adapter registers, so a host or a test can tune their handlers.</summary>
public static class TeamsHttpClientNames
{
    /// <summary>Bot Connector REST calls (typed client <see cref="ConnectorClient"/>).</summary>
    public const string Connector = "PlatformBot.Teams.Connector";

    /// <summary>MSAL's token requests.</summary>
    public const string Msal = "PlatformBot.Teams.Msal";

    /// <summary>OpenID metadata and JWKS downloads.</summary>
    public const string Metadata = "PlatformBot.Teams.Metadata";
}
