namespace PlatformBot.Scoring;

/// <summary>An input column and where a Service Ping payload carries it: candidate paths in order of preference.</summary>
public sealed record ServicePingColumn(string Column, IReadOnlyList<ServicePingPath> Paths);
