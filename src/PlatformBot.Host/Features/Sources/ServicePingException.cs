namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// A Service Ping payload refused before anything was written, with the JSON path of the problem ("$.uuid").
/// </summary>
public sealed class ServicePingException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string JsonPath { get; } = path;

    public string Problem { get; } = problem;

    /// <summary>Refused for its size (Ingest:MaxBodyBytes), after any decompression: HTTP 413 rather than 422.</summary>
    public bool TooLarge { get; private init; }

    public static ServicePingException Oversize(long max) =>
        new("$", $"the payload is larger than {max} bytes (Ingest:MaxBodyBytes), after decompression") { TooLarge = true };

    /// <summary>Refusals of a payload's bytes: ours, and GZipStream's for a body that says gzip and is not.</summary>
    public static bool IsRefusal(Exception ex) => ex is ServicePingException or InvalidDataException;
}
