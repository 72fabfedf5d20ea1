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

    /// <summary>
    /// A free text (an error, a reason, a source name) fitted to its column: cut with an ellipsis rather than refused,
    /// since it describes an outcome that must be recorded whatever its length.
    /// </summary>
    public static string Fit(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
