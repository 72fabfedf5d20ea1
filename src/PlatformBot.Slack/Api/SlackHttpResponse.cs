using System.Net;

namespace PlatformBot.Slack;

internal sealed record SlackHttpResponse(HttpStatusCode StatusCode, byte[] Body, string? MediaType)
{
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;
}
