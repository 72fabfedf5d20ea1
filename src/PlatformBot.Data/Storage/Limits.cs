namespace PlatformBot.Data.Storage;

/// <summary>Column lengths, shared with the importer's validation so an over-long value is a clear error, not a truncation.</summary>
public static class Limits
{
    public const int Id = 64;
    public const int Name = 256;
    public const int Label = 64;
    public const int Email = 320;
    public const int MetricVector = 2000;
    public const int UseCaseJson = 4000;
    public const int Detail = 1000;
}
