using System.Text;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PlatformBot.Host.Tests.Features.Telemetry;

/// <summary>
/// The built `platformbot` run as cron runs it, with OTLP pointed at WireMock standing in for a collector: a verb
/// starts no host and exits long before the periodic export, yet what it counted must reach the collector.
/// </summary>
public sealed class VerbTelemetryTests : IDisposable
{
    private readonly WireMockServer _collector = WireMockServer.Start();

    public VerbTelemetryTests() =>
        _collector.Given(Request.Create().WithPath("/v1/*").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

    public void Dispose() => _collector.Dispose();

    [Fact]
    public async Task An_import_run_from_the_command_line_exports_its_row_count_to_the_collector_before_it_exits()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Sqlite);
        var accounts = store.Write("accounts.csv", SampleData.Accounts);

        var result = await store.RunWithAsync(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Url!,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                // An hour: only the verb's own flush at exit can send anything.
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "3600000",
            },
            "import", "accounts", accounts);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var metrics = _collector.LogEntries.Where(e => e.RequestMessage.Path == "/v1/metrics").ToList();
        Assert.NotEmpty(metrics);
        // OTLP/protobuf carries instrument names as plain UTF-8 strings.
        var bodies = string.Join('\n', metrics.Select(e => Encoding.UTF8.GetString(e.RequestMessage.BodyAsBytes ?? [])));
        Assert.Contains("platformbot.import.rows", bodies, StringComparison.Ordinal);
        Assert.Contains("platformbot.import.duration", bodies, StringComparison.Ordinal);
    }
}
