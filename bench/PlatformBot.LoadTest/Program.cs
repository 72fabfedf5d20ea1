using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

// Signed /adoption round trips against a running platformbot (loopback only), 32 connections by default, measuring
// what the user waits for: from sending the slash command until the card is in Slack's hands. When the host answers
// in the HTTP response that is the response; when it acknowledges and posts to response_url later, it is the moment
// the post reaches our response_url sink (which also stands in for the Web API: Slack:ApiBaseUrl points here).
//
// dotnet run -c Release --project bench/PlatformBot.LoadTest -- --url http://127.0.0.1:5380 --secret S --sink-port 5381 \
//     --names names.txt [--connections 32] [--requests 60000] [--warmup 30000] [--timeout-seconds 10]
var options = LoadOptions.Parse(args);
if (!options.Url.IsLoopback)
{
    Console.Error.WriteLine("Refusing a non-loopback --url: this generator only talks to a host on this machine.");
    return 2;
}

var names = File.ReadAllLines(options.NamesFile).Where(l => l.Trim().Length > 0).ToArray();
if (names.Length == 0)
{
    Console.Error.WriteLine($"{options.NamesFile} holds no names.");
    return 2;
}

await using var sink = await ResponseSink.StartAsync(options.SinkPort);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };

Console.WriteLine($"warm-up: {options.Warmup} requests");
var warmup = new ConcurrentBag<Sample>();
var warmupClock = Stopwatch.StartNew();
await RunAsync(options.Warmup, warmup);
var warm = warmup.Where(s => s.Error is null).Select(s => s.TotalMs).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"warm-up took  {warmupClock.Elapsed.TotalSeconds:F1} s: {warmup.Count / warmupClock.Elapsed.TotalSeconds:F0} requests/s, p50 {P(warm, 0.50):F1} ms, p99 {P(warm, 0.99):F1} ms, max {(warm.Count > 0 ? warm[^1] : 0):F1} ms, errors {warmup.Count - warm.Count} (not part of the measurement)"));

var results = new ConcurrentBag<Sample>();
var load = LoadAverage();
var clock = Stopwatch.StartNew();
await RunAsync(options.Requests, results);
var elapsed = clock.Elapsed;

var samples = results.ToList();
var ok = samples.Where(s => s.Error is null).Select(s => s.TotalMs).Order().ToList();
var acks = samples.Where(s => s.Error is null).Select(s => s.AckMs).Order().ToList();
var errors = samples.Where(s => s.Error is not null).GroupBy(s => s.Error!).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    requests      {samples.Count:N0} in {elapsed.TotalSeconds:F1} s with {options.Connections} connections ({names.Length:N0} distinct names)
    throughput    {samples.Count / elapsed.TotalSeconds:F0} requests/s
    user waits    p50 {P(ok, 0.50):F1} ms   p90 {P(ok, 0.90):F1} ms   p99 {P(ok, 0.99):F1} ms   max {(ok.Count > 0 ? ok[^1] : 0):F1} ms   (command sent -> card delivered)
    http ack      p50 {P(acks, 0.50):F1} ms   p99 {P(acks, 0.99):F1} ms
    delivered     in the HTTP response: {samples.Count(s => s.Inline)}, via response_url: {samples.Count(s => s.Error is null && !s.Inline)}; cards {samples.Count(s => s.Card)}, other replies {samples.Count(s => s.Error is null && !s.Card)}
    errors        {samples.Count - ok.Count}{string.Concat(errors.Select(g => $"\n              {g.Count()} x {g.Key}"))}
    load average  {load} at start, {LoadAverage()} at end ({Environment.ProcessorCount} cores)
    """));
return samples.Count - ok.Count == 0 ? 0 : 1;

async Task RunAsync(int count, ConcurrentBag<Sample> record)
{
    var next = -1;
    var workers = Enumerable.Range(0, options.Connections).Select(async worker =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var sample = await OneAsync(names[(int)((uint)(i * 2654435761u) % (uint)names.Length)], worker);
            record.Add(sample);
        }
    });
    await Task.WhenAll(workers);
}

async Task<Sample> OneAsync(string name, int worker)
{
    var id = Guid.NewGuid().ToString("N");
    var delivery = sink.Expect(id);
    var form = "token=unused&team_id=T0BENCH&team_domain=bench&channel_id=C0BENCH01&channel_name=bench"
        + $"&user_id=U0BENCH{worker:00}&user_name=bench&command=%2Fadoption&text={Uri.EscapeDataString(name)}"
        + $"&api_app_id=A0BENCH&response_url={Uri.EscapeDataString($"http://127.0.0.1:{options.SinkPort}/hooks/{id}")}&trigger_id=1.2.3";
    var body = Encoding.UTF8.GetBytes(form);
    var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray()));
    using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
    request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
    request.Headers.Add("X-Slack-Signature", signature);
    var start = Stopwatch.GetTimestamp();
    try
    {
        using var response = await http.SendAsync(request);
        var ack = await response.Content.ReadAsStringAsync();
        var ackMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            sink.Forget(id);
            return Sample.Failed($"HTTP {(int)response.StatusCode}");
        }

        if (ack.Contains("\"blocks\"", StringComparison.Ordinal))
        {
            sink.Forget(id);
            return Check(ack, ackMs, ackMs, inline: true);
        }

        var posted = await delivery.WaitAsync(TimeSpan.FromSeconds(options.TimeoutSeconds));
        return Check(posted.Body, Stopwatch.GetElapsedTime(start, posted.At).TotalMilliseconds, ackMs, inline: false);
    }
    catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
    {
        sink.Forget(id);
        return Sample.Failed(ex.GetType().Name);
    }
}

static Sample Check(string message, double totalMs, double ackMs, bool inline)
{
    if (message.Contains("Something went wrong", StringComparison.Ordinal) || message.Contains("busy right now", StringComparison.Ordinal))
    {
        return Sample.Failed("error reply");
    }

    // A card starts with a header block; a pick list or "did you mean" does not.
    var card = message.Contains("\"type\":\"header\"", StringComparison.Ordinal);
    return new Sample(totalMs, ackMs, inline, card, null);
}

static double P(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record Sample(double TotalMs, double AckMs, bool Inline, bool Card, string? Error)
{
    public static Sample Failed(string error) => new(0, 0, false, false, error);
}

internal sealed record LoadOptions(Uri Url, string Secret, int SinkPort, string NamesFile, int Connections, int Requests, int Warmup, int TimeoutSeconds)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Get(string key, string? fallback = null) =>
            values.TryGetValue(key, out var v) ? v : fallback ?? throw new ArgumentException($"{key} is required.");
        int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new LoadOptions(new Uri(Get("--url")), Get("--secret"), Int("--sink-port", 5381), Get("--names"),
            Int("--connections", 32), Int("--requests", 60_000), Int("--warmup", 30_000), Int("--timeout-seconds", 10));
    }
}

/// <summary>Stands in for Slack on loopback: response_url posts complete the waiting request; Web API calls get ok:true.</summary>
internal sealed class ResponseSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(string Body, long At)>> _waiting = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    public static async Task<ResponseSink> StartAsync(int port)
    {
        var sink = new ResponseSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/hooks/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var at = Stopwatch.GetTimestamp();
            if (sink._waiting.TryRemove(id, out var waiting))
            {
                waiting.TrySetResult((body, at));
            }

            return Results.Text("ok");
        });
        app.MapPost("/api/{method}", () => Results.Text("{\"ok\":true}", "application/json"));
        await app.StartAsync();
        sink._app = app;
        return sink;
    }

    public Task<(string Body, long At)> Expect(string id)
    {
        var waiting = new TaskCompletionSource<(string Body, long At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = waiting;
        return waiting.Task;
    }

    public void Forget(string id) => _waiting.TryRemove(id, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
