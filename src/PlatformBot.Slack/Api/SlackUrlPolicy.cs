namespace PlatformBot.Slack;

/// <summary>Which absolute URLs from inbound payloads or API responses the adapter will send data to.</summary>
public static class SlackUrlPolicy
{
    /// <summary>
    /// True for https on slack.com or a subdomain (hooks.slack.com, files.slack.com), or an exact
    /// scheme+host+port match with one of <paramref name="additionalOrigins"/>. Everything else fails closed.
    /// </summary>
    public static bool IsAllowed(Uri url, IEnumerable<Uri> additionalOrigins)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(additionalOrigins);
        if (!url.IsAbsoluteUri || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort
            && (url.IdnHost.Equals("slack.com", StringComparison.OrdinalIgnoreCase)
                || url.IdnHost.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return additionalOrigins.Any(origin => origin.IsAbsoluteUri
            && Uri.Compare(origin, url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0);
    }
}
