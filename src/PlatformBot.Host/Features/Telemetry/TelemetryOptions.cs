namespace PlatformBot.Host.Features.Telemetry;

/// <summary>Telemetry:*. Whether anything is exported is the standard OTEL_EXPORTER_OTLP_ENDPOINT's business.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The service.name resource attribute on every span and metric.</summary>
    public string ServiceName { get; set; } = "platformbot";
}
