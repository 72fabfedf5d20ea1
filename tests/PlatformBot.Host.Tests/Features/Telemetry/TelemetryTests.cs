using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Slack;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PlatformBot.Host.Tests.Features.Telemetry;

/// <summary>
/// The host's traces, metrics and log levels, read through OpenTelemetry's in-memory exporter on the real host (the
/// same sources and meter the OTLP exporter gets), with Slack served by WireMock.
/// </summary>
[Collection(nameof(TelemetryTestGroup))]
public sealed class TelemetryTests : IDisposable
{
    private const string Secret = "test-signing-secret";
    private readonly FakeSlack _slack = new();
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private readonly LogCapture _logs = new();
    private readonly DigestHost _host;

    public TelemetryTests()
    {
        _slack.Server.Given(Request.Create().WithPath("/hooks/ok").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        _slack.Server.Given(Request.Create().WithPath("/hooks/expired").UsingPost()).RespondWith(Response.Create().WithStatusCode(404).WithBody("expired_url"));
        _slack.Server.Given(Request.Create().WithPath("/hooks/rejected").UsingPost()).RespondWith(Response.Create().WithStatusCode(400).WithBody("invalid_blocks"));
        _host = new DigestHost(_slack).WithServices(services =>
        {
            services.AddPlatformBotOpenTelemetry(new ConfigurationBuilder().Build())
                .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
            services.AddSingleton<ILoggerProvider>(_logs);
        });
        // Every command's reply goes through response_url, the outbound call the trace should show.
        _host.With("Slack:InlineAnswerTimeout", "00:00:00");
    }

    public void Dispose()
    {
        _host.Dispose();
        _slack.Dispose();
    }

    [Fact]
    public async Task An_import_is_counted_by_kind_with_its_rows_and_duration_and_a_score_run_with_its_accounts_and_duration()
    {
        var imports = _host.Get<ImportService>();
        await ImportAsync(imports, ImportKind.Accounts, SampleData.Accounts);
        await ImportAsync(imports, ImportKind.Subscriptions, SampleData.Subscriptions);
        await ImportAsync(imports, ImportKind.Usage, SampleData.Usage);
        var run = await _host.Get<ScoreRunner>().ScoreAndStoreAsync(_host.Get<BusinessCalendar>().Today, CancellationToken.None);

        Assert.Equal(3, Sum("platformbot.import.rows", ("kind", "accounts")));
        Assert.Equal(3, Sum("platformbot.import.rows", ("kind", "subscriptions")));
        Assert.Equal(2, Sum("platformbot.import.rows", ("kind", "usage")));
        Assert.Equal(1, Sum("platformbot.import.duration", ("kind", "usage"), ("outcome", "written")));
        Assert.Equal(3, Sum("platformbot.import.duration"));
        Assert.Equal(3, run.Accounts);
        Assert.Equal(3, Sum("platformbot.score.accounts"));
        Assert.Equal(1, Sum("platformbot.score.duration"));
    }

    [Fact]
    public async Task Each_lookup_is_counted_and_timed_once_by_surface_and_outcome_and_by_nothing_else()
    {
        await SampleData.SeedAsync(_host.Services);
        var lookups = _host.Get<LookupService>();

        await lookups.AskAsync("Acme Corp", new Viewer("cli:test", "cli", MaySeeArr: true, null), CancellationToken.None);
        await lookups.AskAsync("Acme", new Viewer("slack:T/U", "slack", MaySeeArr: false, null), CancellationToken.None);
        await lookups.AskAsync("no such account", new Viewer("teams:t/u", "teams", MaySeeArr: false, null), CancellationToken.None);
        await lookups.CardAsync("A-1", new Viewer("slack:T/U", "slack", MaySeeArr: false, null), CancellationToken.None);
        await lookups.AskAsync("help", new Viewer("cli:test", "cli", MaySeeArr: false, null), CancellationToken.None);

        Assert.Equal(1, Sum("platformbot.lookups", ("surface", "cli"), ("outcome", "card")));
        Assert.Equal(1, Sum("platformbot.lookups", ("surface", "slack"), ("outcome", "pick_list")));
        Assert.Equal(1, Sum("platformbot.lookups", ("surface", "teams"), ("outcome", "not_found")));
        Assert.Equal(1, Sum("platformbot.lookups", ("surface", "slack"), ("outcome", "card")));
        Assert.Equal(4, Sum("platformbot.lookups")); // help is no lookup
        Assert.Equal(4, Sum("platformbot.lookup.duration"));
        var keys = Points("platformbot.lookups").Concat(Points("platformbot.lookup.duration"))
            .SelectMany(p => Tags(p).Select(t => t.Key)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "outcome", "surface" }, keys);
    }

    [Fact]
    public async Task A_digest_delivery_is_counted_by_its_final_status()
    {
        await DigestData.SeedAsync(_host);
        var id = await DigestData.SubscribeAsync(_host, "CDIGEST001", DigestKind.ScoreChanges);

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Sent, outcome.Status);
        Assert.Equal(1, Sum("platformbot.digest.deliveries", ("status", DigestStatus.Sent)));
        Assert.Equal(1, Sum("platformbot.digest.deliveries"));
        Assert.Equal(0, Sum("platformbot.platform.errors"));
        // The ledger's claim is an EF insert: EF's commands are traced too, by their first keyword only.
        Assert.Contains(_spans.Snapshot(), s => s.Source.Name == "PlatformBot.Data" && (string?)s.GetTagItem("platformbot.store.origin") == "ef"
            && s.DisplayName == "INSERT" && (string?)s.GetTagItem("db.operation.name") == "INSERT");
    }

    [Fact]
    public async Task A_slack_refusal_is_counted_by_code_and_logged_as_a_warning_without_a_stack_trace_and_its_digest_job_warns()
    {
        await DigestData.SeedAsync(_host);
        _slack.PostTo("CGONE00001", FakeSlack.Ok("""{"ok":false,"error":"channel_not_found"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CGONE00001", DigestKind.ScoreChanges);

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        Assert.Equal(LogLevel.Warning, outcome.Level); // what DigestJob logs it at
        Assert.Equal(1, Sum("platformbot.platform.errors", ("platform", "slack"), ("code", "channel_not_found")));
        Assert.Equal(1, Sum("platformbot.digest.deliveries", ("status", DigestStatus.Failed)));
        var refusal = Assert.Single(_logs.Entries, e => e.Category == typeof(SlackApiClient).FullName && e.Message.Contains("channel_not_found", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Null(refusal.Exception);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task An_unexpected_slack_error_still_logs_at_error_and_its_digest_job_too()
    {
        await DigestData.SeedAsync(_host);
        _slack.PostTo("CAUTH00001", FakeSlack.Ok("""{"ok":false,"error":"invalid_auth"}"""));
        var id = await DigestData.SubscribeAsync(_host, "CAUTH00001", DigestKind.ScoreChanges);

        var outcome = await SendAsync(id);

        Assert.Equal(DigestStatus.Failed, outcome.Status);
        Assert.Equal(LogLevel.Error, outcome.Level);
        Assert.Contains(_logs.Entries, e => e.Category == typeof(SlackApiClient).FullName && e.Level == LogLevel.Error && e.Message.Contains("invalid_auth", StringComparison.Ordinal));
        Assert.True(Sum("platformbot.platform.errors", ("platform", "slack"), ("code", "invalid_auth")) >= 1);
    }

    [Fact]
    public async Task A_command_whose_response_url_expired_logs_a_warning_without_a_stack_trace()
    {
        await SampleData.SeedAsync(_host.Services);

        using var response = await _host.CreateClient().SendAsync(Command("Acme Corp", "expired"));
        var entry = await WaitForLogAsync(typeof(SlackWorker).FullName!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("expired_url", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(1, Sum("platformbot.platform.errors", ("platform", "slack"), ("code", "expired_url")));
    }

    [Fact]
    public async Task A_command_whose_reply_slack_rejects_for_an_unexpected_reason_logs_an_error_with_its_exception()
    {
        await SampleData.SeedAsync(_host.Services);

        using var response = await _host.CreateClient().SendAsync(Command("Acme Corp", "rejected"));
        var entry = await WaitForLogAsync(typeof(SlackWorker).FullName!);

        Assert.Equal(LogLevel.Error, entry.Level);
        var failure = Assert.IsType<SlackApiException>(entry.Exception);
        Assert.Equal("invalid_blocks", failure.Error);
    }

    [Fact]
    public async Task A_slack_command_is_one_trace_from_the_inbound_request_through_its_store_commands_to_the_outbound_reply()
    {
        await SampleData.SeedAsync(_host.Services);
        _spans.Clear();

        using var response = await _host.CreateClient().SendAsync(Command("Acme Corp", "ok"));
        // The worker's span ends last, after the reply went out.
        var work = await WaitForSpanAsync(s => s.Source.Name == PlatformBotTracing.SourceName);
        var outbound = Assert.Single(_spans.Snapshot(), s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client);

        // (WireMock is an ASP.NET Core server in this process too: its span for the reply is not the inbound one.)
        var inbound = Assert.Single(_spans.Snapshot(), s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/slack/commands");
        Assert.Equal(inbound.TraceId, work.TraceId);
        Assert.Equal(inbound.SpanId, work.ParentSpanId);
        var store = _spans.Snapshot().Where(s => s.Source.Name == "PlatformBot.Data" && s.TraceId == inbound.TraceId).ToList();
        Assert.NotEmpty(store);
        Assert.All(store, s =>
        {
            Assert.Equal("sqlite", s.GetTagItem("db.system.name"));
            Assert.All(s.TagObjects, t => Assert.DoesNotContain("Acme", Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal));
        });
        Assert.Contains(store, s => (string?)s.GetTagItem("platformbot.store.origin") == "store");
        Assert.Equal(inbound.TraceId, outbound.TraceId);
        // The response_url is a credential: only its origin is recorded.
        Assert.Equal(_slack.Url + "/", outbound.GetTagItem("url.full"));
    }

    [Fact]
    public void With_no_otlp_endpoint_the_host_composes_no_telemetry_sdk_and_with_one_it_does()
    {
        using var plain = new PlatformBotFactory();
        using var exporting = new PlatformBotFactory().With(TelemetrySetup.OtlpEndpointKey, "http://127.0.0.1:4318");

        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.Null(plain.Services.GetService<MeterProvider>());
        Assert.NotNull(plain.Services.GetService<PlatformBotMetrics>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
    }

    private Task<SendOutcome> SendAsync(long id) =>
        _host.Get<DigestSender>().SendAsync(id, DigestData.Current, DigestSources.Cli, retryUnknown: false, CancellationToken.None);

    private static async Task ImportAsync(ImportService imports, ImportKind kind, string csv)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await imports.ImportAsync(kind, stream, "test", "cli", null, CancellationToken.None);
        Assert.True(result.Succeeded);
    }

    private HttpRequestMessage Command(string text, string hook)
    {
        var body = string.Join('&', new[]
        {
            ("command", "/adoption"), ("text", text), ("user_id", "U0PLAIN"), ("team_id", "T0TEAM"), ("channel_id", "C0CHAN"),
            ("response_url", $"{_slack.Url}/hooks/{hook}"),
        }.Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2)));
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, ts);
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.ComputeSignature(Secret, ts, bytes));
        return request;
    }

    private async Task<LogCapture.Entry> WaitForLogAsync(string category)
    {
        for (var i = 0; i < 200; i++)
        {
            if (_logs.Entries.FirstOrDefault(e => e.Category == category) is { } entry)
            {
                return entry;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{category} logged nothing within 10 s.");
    }

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        for (var i = 0; i < 200; i++)
        {
            if (_spans.Snapshot().FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The span did not end within 10 s.");
    }

    /// <summary>The latest cumulative points of one instrument (after a flush of everything recorded so far).</summary>
    private List<MetricPoint> Points(string name) => Latest(name) is { } latest ? [.. latest.MetricPoints] : [];

    private MetricSnapshot? Latest(string name)
    {
        _host.Get<MeterProvider>().ForceFlush();
        return _metrics.Snapshot().LastOrDefault(m => m.Name == name);
    }

    /// <summary>A counter's sum, or a histogram's count, over the points that carry every given tag.</summary>
    private long Sum(string name, params (string Key, string Value)[] tags)
    {
        if (Latest(name) is not { } latest)
        {
            return 0;
        }

        long total = 0;
        foreach (var point in latest.MetricPoints)
        {
            var pointTags = Tags(point);
            if (tags.All(t => pointTags.Any(p => p.Key == t.Key && Equals(p.Value, t.Value))))
            {
                total += latest.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
        }

        return total;
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }
}
