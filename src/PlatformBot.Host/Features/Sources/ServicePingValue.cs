namespace PlatformBot.Host.Features.Sources;

/// <summary>One input column read from a payload: its value (null = unknown) and the key path it came from.</summary>
public sealed record ServicePingValue(string Column, long? Value, string? Path);
