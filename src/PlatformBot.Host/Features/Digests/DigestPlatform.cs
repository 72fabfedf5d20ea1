namespace PlatformBot.Host.Features.Digests;

public enum DigestPlatform
{
    Slack,
    Teams,
}
