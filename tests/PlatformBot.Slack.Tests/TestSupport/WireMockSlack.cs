using System.Text.Json;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Slack.Tests;

/// <summary>A WireMock server on a random local port standing in for slack.com/api and hooks.slack.com.</summary>
public sealed class WireMockSlack : IDisposable
{
    public WireMockSlack()
    {
        Server = WireMockServer.Start();
        Options = TestOptions.Create(o =>
        {
            o.ApiBaseUrl = new Uri(Server.Url! + "/api/");
            o.AdditionalAllowedOrigins.Add(new Uri(Server.Url!));
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.MaxRetryAfter = TimeSpan.FromSeconds(10);
        });
    }

    public WireMockServer Server { get; }

    public SlackOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public IReadOnlyList<ILogEntry> Requests(string path) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == path)];

    public SlackApiClient ApiClient(TimeProvider? time = null) =>
        new(new HttpClient(), TestOptions.Wrap(Options), time ?? Time, NullLogger<SlackApiClient>.Instance);

    public ResponseUrlClient ResponseUrlClient(TimeProvider? time = null) =>
        new(new HttpClient(), TestOptions.Wrap(Options), time ?? Time, NullLogger<ResponseUrlClient>.Instance);

    /// <summary>Answers a Web API method with HTTP 200 and the given JSON.</summary>
    public void Method(string method, string json) =>
        Server.Given(Request.Create().WithPath($"/api/{method}").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(json));

    public static JsonElement Json(ILogEntry entry)
    {
        using var document = JsonDocument.Parse(entry.RequestMessage.Body!);
        return document.RootElement.Clone();
    }

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers is { } headers && headers.TryGetValue(name, out var values)
            ? string.Join(",", values)
            : null;

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
