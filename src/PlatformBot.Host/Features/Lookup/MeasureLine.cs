using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>A secondary measure (license utilization, user engagement) with its note (expansion signal, onboarding...).</summary>
public sealed record MeasureLine(string Name, double? Value, string ValueText, HealthColor Color, string? Note);
