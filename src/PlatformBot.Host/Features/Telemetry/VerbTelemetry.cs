using System.Runtime.CompilerServices;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PlatformBot.Host.Features.Telemetry;

/// <summary>
/// Telemetry for one CLI verb (`import`, `score` from cron). A verb runs on the composed services without starting
/// the host, and it is the host's start that builds the OpenTelemetry SDK's providers: so without this a verb's
/// instruments have no listener at all. And a verb exits long before the periodic metrics export, so what it recorded
/// is flushed when it ends. Nothing happens when OTLP is not configured (the SDK is then not composed, ADR 0022).
/// </summary>
public sealed class VerbTelemetry : IAsyncDisposable
{
    /// <summary>How long a verb's exit may wait for the collector: a slow or absent collector must not hang cron.</summary>
    private const int FlushTimeoutMilliseconds = 5_000;

    private readonly IServiceProvider? _services;

    private VerbTelemetry(IServiceProvider? services) => _services = services;

    /// <summary>Builds the providers before the verb records anything.</summary>
    public static VerbTelemetry Start(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(services.GetRequiredService<IConfiguration>()[TelemetrySetup.OtlpEndpointKey]))
        {
            return new VerbTelemetry(null);
        }

        BuildProviders(services);
        return new VerbTelemetry(services);
    }

    /// <summary>Exports what the verb recorded (its import or score metrics, its spans) before the process exits.</summary>
    public ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            Flush(_services);
        }

        return ValueTask.CompletedTask;
    }

    // Kept out of Start so that a verb without OTLP never loads the SDK's types (the JIT resolves them per method).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BuildProviders(IServiceProvider services)
    {
        _ = services.GetService<MeterProvider>();
        _ = services.GetService<TracerProvider>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Flush(IServiceProvider services)
    {
        services.GetService<TracerProvider>()?.ForceFlush(FlushTimeoutMilliseconds);
        services.GetService<MeterProvider>()?.ForceFlush(FlushTimeoutMilliseconds);
    }
}
