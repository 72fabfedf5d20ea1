namespace PlatformBot.Slack;

/// <summary>
/// A response_url or upload_url pointed somewhere other than https://*.slack.com (or a configured test origin).
/// Refused before any request is made, so a forged payload cannot make the bot send data elsewhere.
/// </summary>
public sealed class SlackUrlNotAllowedException(Uri url)
    : Exception($"Refusing to send to {url?.GetLeftPart(UriPartial.Authority)}: only https://*.slack.com and configured origins are allowed")
{
    // Only the host: the path of a response_url is itself a credential.
    public string? Host { get; } = url?.Host;
}
