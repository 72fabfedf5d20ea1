namespace PlatformBot.Host.Tests.Features.Telemetry;

/// <summary>
/// Meter and ActivitySource listeners are process-wide: the telemetry tests run alone, so no other test's host adds
/// to what they count.
/// </summary>
[CollectionDefinition(nameof(TelemetryTestGroup), DisableParallelization = true)]
public sealed class TelemetryTestGroup;
