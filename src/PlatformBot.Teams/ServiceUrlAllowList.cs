namespace PlatformBot.Teams;

/// <summary>
/// Decides whether a service URL may receive our outbound bearer token. Exact host or "*.suffix" (sub-domains
/// only), and https. Plain http only when <see cref="TeamsOptions.AllowHttpServiceUrls"/> is on (tests: WireMock
/// over http) and then only for a loopback host: an allow-listed host alone never gets the token over http.
/// </summary>
internal static class ServiceUrlAllowList
{
    public static bool IsAllowed(Uri uri, TeamsOptions options) =>
        IsAllowed(uri, options.AllowedServiceUrlHosts, options.AllowHttpServiceUrls);

    public static bool IsAllowed(Uri uri, IEnumerable<string> allowedHosts, bool allowHttpOnLoopback)
    {
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
