using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>Compared with an earlier stored snapshot: what it was, and which way it went.</summary>
public sealed record ColorChange(DateOnly Since, HealthColor Before, TrendDirection Direction);
