using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

using Microsoft.Extensions.Logging;

namespace PlatformBot.Slack;

internal sealed record SlackHttpResponse(HttpStatusCode StatusCode, byte[] Body, string? MediaType)
{
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;
}
