namespace PlatformBot.Teams;

/// <summary>
/// Thrown before anything is sent when a service URL is not on <see cref="TeamsOptions.AllowedServiceUrlHosts"/>:
/// our bearer token must only ever reach the Bot Connector.
/// </summary>
public sealed class ServiceUrlNotAllowedException : InvalidOperationException
{
    public ServiceUrlNotAllowedException()
    {
    }

    public ServiceUrlNotAllowedException(string message)
        : base(message)
    {
    }

    public ServiceUrlNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static ServiceUrlNotAllowedException For(Uri uri) =>
        new($"Service URL host '{uri.Host}' ({uri.Scheme}) is not allowed to receive the Bot Connector token (https only, to a host on Teams:AllowedServiceUrlHosts).");
}
