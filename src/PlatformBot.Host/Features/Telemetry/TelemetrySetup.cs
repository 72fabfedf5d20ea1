using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Telemetry;

public static class TelemetrySetup
{
    /// <summary>The standard OpenTelemetry variable; with it set, traces and metrics go out over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The metrics owner always (recording into a disabled instrument costs a flag check); the OpenTelemetry SDK only
    /// when OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it there is no listener at all, so no span is created on the
    /// lookup path and the SDK's assemblies are not even loaded (a CLI verb starts as before). ADR 0022.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PlatformBotMetrics>();
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            AddOtlp(services, configuration);
        }

        return services;
    }

    /// <summary>
    /// Exports both signals with the OTLP exporter's own reading of the standard variables (endpoint, protocol,
    /// headers). Logs stay with the host's log providers.
    /// </summary>
    private static void AddOtlp(IServiceCollection services, IConfiguration configuration) =>
        services.AddPlatformBotOpenTelemetry(configuration)
            .WithTracing(tracing => tracing.AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddOtlpExporter());

    /// <summary>
    /// The SDK with every source this host traces and its one meter, and no exporter: the OTLP one above adds one,
    /// tests add the in-memory one.
    /// </summary>
    internal static OpenTelemetryBuilder AddPlatformBotOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var serviceName = string.IsNullOrWhiteSpace(settings.ServiceName) ? new TelemetryOptions().ServiceName : settings.ServiceName;
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(PlatformBotTracing.SourceName, StoreTracing.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = OutboundUrl.Redact))
            .WithMetrics(metrics => metrics.AddMeter(PlatformBotMetrics.MeterName));
    }
}
