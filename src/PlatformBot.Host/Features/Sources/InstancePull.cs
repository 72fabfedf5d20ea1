namespace PlatformBot.Host.Features.Sources;

/// <summary>One instance's part of a pull: the imported payload, or why there is none.</summary>
public sealed record InstancePull(string Name, ServicePingResult? Imported, string? Error)
{
    public bool Succeeded => Imported is not null;

    public string Line => Imported is { } r ? $"gitlab:{Name}: ok, {r.Summary}." : $"gitlab:{Name}: FAILED: {Error}";
}
