using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Slack.Tests;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (random port) with minimal API endpoints wired the way a host would wire them,
/// so the reader is tested through a real HTTP pipeline. Records what reached the "handlers".
/// </summary>
public sealed class SlackEndpointsHost : IAsyncLifetime
{
    public const long MaxBodyBytes = 4096;

    private WebApplication? _app;

    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public FakeTimeProvider Time { get; } = new(Now);

    public HttpClient Client { get; private set; } = null!;

    public int HandlerRuns { get; private set; }

    public object? LastPayload { get; private set; }

    public string? LastRejectionReason { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSlackAdapter(o =>
        {
            o.SigningSecret = TestOptions.SigningSecret;
            o.BotToken = TestOptions.BotToken;
            o.MaxRequestBodyBytes = MaxBodyBytes;
        });

        _app = builder.Build();
        _app.MapPost("/slack/commands", async (HttpRequest request, SlackRequestReader reader, CancellationToken ct) =>
        {
            var read = await reader.ReadSlashCommandAsync(request, ct);
            if (!read.IsSuccess)
            {
                LastRejectionReason = read.Reason;
                return read.Response;
            }

            Record(read.Payload);
            return SlackResults.Message(new SlackMessage { Text = $"on it: {SlackText.Escape(read.Payload.Text)}" });
        });
        _app.MapPost("/slack/interactions", async (HttpRequest request, SlackRequestReader reader, CancellationToken ct) =>
        {
            var read = await reader.ReadInteractionAsync(request, ct);
            if (!read.IsSuccess)
            {
                LastRejectionReason = read.Reason;
                return read.Response;
            }

            Record(read.Payload);
            return SlackResults.Ack();
        });
        _app.MapPost("/slack/options", async (HttpRequest request, SlackRequestReader reader, CancellationToken ct) =>
        {
            var read = await reader.ReadBlockSuggestionAsync(request, ct);
            if (!read.IsSuccess)
            {
                LastRejectionReason = read.Reason;
                return read.Response;
            }

            Record(read.Payload);
            return SlackResults.Options(new BlockSuggestionResponse { Options = [SlackOption.Create($"Match for {read.Payload.Value}", "acct-1")] });
        });
        _app.MapPost("/slack/events", async (HttpRequest request, SlackRequestReader reader, EventDeduplicator dedupe, CancellationToken ct) =>
        {
            var read = await reader.ReadEventAsync(request, ct);
            if (!read.IsSuccess)
            {
                LastRejectionReason = read.Reason;
                return read.Response;
            }

            if (read.Payload.IsUrlVerification)
            {
                return SlackResults.Challenge(read.Payload.Challenge!);
            }

            if (read.Payload.EventId is { } id && !dedupe.TryRegister(id))
            {
                return SlackResults.Ack();
            }

            Record(read.Payload);
            return SlackResults.Ack();
        });

        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Reset()
    {
        HandlerRuns = 0;
        LastPayload = null;
        LastRejectionReason = null;
    }

    /// <summary>Builds a request signed the way Slack signs it, at the host's (fake) current time.</summary>
    public HttpRequestMessage SignedRequest(string path, string body, string contentType, string secret = TestOptions.SigningSecret, TimeSpan? age = null)
    {
        var timestamp = (Time.GetUtcNow() - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = UnsignedRequest(path, bytes, contentType);
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, timestamp);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.ComputeSignature(secret, timestamp, bytes));
        return request;
    }

    public static HttpRequestMessage UnsignedRequest(string path, byte[] body, string contentType)
    {
        ByteArrayContent content = new(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private void Record(object payload)
    {
        HandlerRuns++;
        LastPayload = payload;
    }
}
