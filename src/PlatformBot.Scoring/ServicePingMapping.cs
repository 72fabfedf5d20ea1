using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>
/// Which Service Ping key paths feed which input columns (the model file's <c>servicePing</c> section). Data, like
/// the thresholds: a GitLab key that moves between versions is a change to the file, not to the code.
/// </summary>
public sealed record ServicePingMapping(IReadOnlyList<ServicePingColumn> Columns)
{
    /// <summary>
    /// "16.9.1-ee" -> 16.9: the major.minor a payload's <c>version</c> starts with; null when it does not start with one.
    /// </summary>
    public static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split('.', 3);
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }

        var minorDigits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(minorDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? new Version(major, minor) : null;
    }
}
