using System.Globalization;
using System.Text.Json;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Reads a Service Ping payload as GitLab produces it: one JSON object, parsed once into a pooled
/// <see cref="JsonDocument"/> (no object model of the thousands of metrics), of which only the top-level keys and the
/// mapped key paths are read. GitLab reports a failed metric as a negative number (-1, -2, -1000): unknown, like a
/// missing key, a null or anything that is not a whole number.
/// </summary>
public static class ServicePingReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static async Task<ServicePingPayload> ReadAsync(Stream json, ServicePingMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            if (ex.LineNumber == 0 && ex.BytePositionInLine == 0 && ex.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            {
                throw new ServicePingException("$", "the payload is empty (a GitLab instance answers empty until its weekly Service Ping has run)");
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}");
            throw new ServicePingException(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, $"the payload is not valid JSON ({where})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ServicePingException("$", $"expected a JSON object (a Service Ping payload), found {Describe(root.ValueKind)}");
            }

            var uuid = RequiredString(root, "uuid");
            var recorded = RequiredString(root, "recorded_at");
            // ISO 8601 as the JSON serializer writes it, or Ruby's Time#to_s ("2022-01-21 09:07:46 UTC") as GitLab's own extracts show it.
            var iso = recorded.EndsWith(" UTC", StringComparison.Ordinal) ? recorded[..^4] + "Z" : recorded;
            if (!DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                throw new ServicePingException("$.recorded_at", $"'{Shorten(recorded)}' is not a timestamp such as 2024-05-20T03:10:11.123Z");
            }

            var version = OptionalString(root, "version");
            var payloadVersion = ServicePingMapping.ParseVersion(version);
            var values = new List<ServicePingValue>(mapping.Columns.Count);
            foreach (var column in mapping.Columns)
            {
                values.Add(Read(root, column, payloadVersion));
            }

            return new ServicePingPayload(uuid, DateOnly.FromDateTime(at.UtcDateTime), OptionalString(root, "license_subscription_id"), version, values);
        }
    }

    /// <summary>The first path (in the mapping's order) that applies to the payload's version and holds a known value.</summary>
    private static ServicePingValue Read(JsonElement root, ServicePingColumn column, Version? payloadVersion)
    {
        foreach (var path in column.Paths)
        {
            if (path.AppliesTo(payloadVersion) && Find(root, path.Segments) is { } element && Count(element) is { } value)
            {
                return new ServicePingValue(column.Column, value, path.Path);
            }
        }

        return new ServicePingValue(column.Column, null, null);
    }

    private static JsonElement? Find(JsonElement root, IReadOnlyList<string> segments)
    {
        var current = root;
        foreach (var name in segments)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A whole number >= 0 (some definitions declare a string type, so digits in a string count too); else unknown.</summary>
    private static long? Count(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var whole))
            {
                return whole >= 0 ? whole : null;
            }

            // 12.0 is a whole number written as a decimal; 12.5 or 1e30 is not a count.
            return element.TryGetDecimal(out var d) && d >= 0 && d <= long.MaxValue && d == decimal.Truncate(d) ? (long)d : null;
        }

        return element.ValueKind == JsonValueKind.String
            && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw new ServicePingException("$." + name, "is missing (every Service Ping payload has it)");
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            throw new ServicePingException("$." + name, $"expected a non-empty string, found {Describe(element.ValueKind)}");
        }

        return element.GetString()!.Trim();
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
