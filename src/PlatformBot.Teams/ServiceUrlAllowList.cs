namespace PlatformBot.Teams;

/// <summary>
/// Decides whether a service URL may receive our outbound bearer token. Exact host or "*.suffix" (sub-domains
/// only), and https. Plain http only when <see cref="TeamsOptions.AllowHttpServiceUrls"/> is on (tests: WireMock
/// over http) and then only for a loopback host: an allow-listed host alone never gets the token over http.
/// Public so the host can refuse, at subscribe time, a service URL that the connector would refuse at send time.
/// </summary>
public static class ServiceUrlAllowList
{
    public static bool IsAllowed(Uri uri, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsAllowed(uri, options.AllowedServiceUrlHosts, options.AllowHttpServiceUrls);
    }

    public static bool IsAllowed(Uri uri, IEnumerable<string> allowedHosts, bool allowHttpOnLoopback)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        var schemeOk = uri.Scheme == Uri.UriSchemeHttps || (allowHttpOnLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
        if (!schemeOk)
        {
            return false;
        }

        var host = uri.IdnHost;
        foreach (var pattern in allowedHosts)
        {
            var candidate = pattern.Trim();
            if (candidate.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = candidate[1..];
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(host, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
