using System.Globalization;
using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// WireMock standing in for slack.com/api as Slack limits chat.postMessage: one message per second per channel. A
/// post that arrives less than a second after the channel's last accepted one is refused with 429 and Retry-After: 1
/// (as Slack does), and counted. Chart uploads are answered ok, unlimited. Used by the `digests send --due` test and
/// compiled into the 500-subscription benchmark (bench/PlatformBot.Benchmarks links this file).
/// </summary>
public sealed class RateLimitedSlack : IDisposable
{
    private static readonly TimeSpan PerChannel = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private readonly List<(string Channel, bool TopLevel, DateTimeOffset At)> _posts = [];
    private readonly List<(string Channel, DateTimeOffset At)> _refusals = [];
    private long _ts;

    public RateLimitedSlack()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost()).RespondWith(Response.Create().WithCallback(Post));
        Server.Given(Request.Create().WithPath("/api/files.getUploadURLExternal").UsingPost())
            .RespondWith(Json($$"""{"ok":true,"upload_url":"{{Server.Url}}/upload/F0001","file_id":"F0001"}"""));
        Server.Given(Request.Create().WithPath("/upload/F0001").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("OK"));
        Server.Given(Request.Create().WithPath("/api/files.completeUploadExternal").UsingPost())
            .RespondWith(Json("""{"ok":true,"files":[{"id":"F0001","title":"chart"}]}"""));
    }

    public WireMockServer Server { get; }

    /// <summary>Slack:ApiBaseUrl for a host posting here.</summary>
    public string ApiBaseUrl => Server.Url + "/api/";

    /// <summary>The upload URL's origin, which the host must allow (Slack:AdditionalAllowedOrigins).</summary>
    public string Origin => Server.Url!;

    /// <summary>Posts refused with 429 because they came sooner than a second after the channel's last one.</summary>
    public int Refused
    {
        get
        {
            lock (_gate)
            {
                return _refusals.Count;
            }
        }
    }

    /// <summary>Accepted posts: channel, whether top-level (a digest's headline) or a thread reply, and when.</summary>
    public IReadOnlyList<(string Channel, bool TopLevel, DateTimeOffset At)> Posts
    {
        get
        {
            lock (_gate)
            {
                return [.. _posts];
            }
        }
    }

    /// <summary>Headlines (top-level posts) per channel.</summary>
    public IReadOnlyDictionary<string, int> HeadlinesPerChannel() =>
        Posts.Where(p => p.TopLevel).GroupBy(p => p.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Refused posts, for a failure message: which channel, when.</summary>
    public string DescribeRefusals()
    {
        lock (_gate)
        {
            return string.Join(", ", _refusals.Take(10).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Channel} at {r.At:HH:mm:ss.fff}")));
        }
    }

    private ResponseMessage Post(IRequestMessage request)
    {
        using var body = JsonDocument.Parse(request.Body ?? "{}");
        var channel = body.RootElement.TryGetProperty("channel", out var c) ? c.GetString() ?? string.Empty : string.Empty;
        var topLevel = !body.RootElement.TryGetProperty("thread_ts", out _);
        var now = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            if (_last.TryGetValue(channel, out var last) && now - last < PerChannel)
            {
                _refusals.Add((channel, now));
                var refused = Message(429, """{"ok":false,"error":"ratelimited"}""");
                refused.AddHeader("Retry-After", "1");
                return refused;
            }

            _last[channel] = now;
            _posts.Add((channel, topLevel, now));
            _ts++;
            return Message(200, string.Create(CultureInfo.InvariantCulture, $$"""{"ok":true,"channel":"{{channel}}","ts":"1700000000.{{_ts:000000}}"}"""));
        }
    }

    private static ResponseMessage Message(int status, string json)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = json, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", "application/json; charset=utf-8");
        return message;
    }

    private static IResponseBuilder Json(string json) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(json);

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
