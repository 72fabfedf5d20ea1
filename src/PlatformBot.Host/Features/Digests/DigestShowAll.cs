using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// What a "Show all" button carries: enough to build the same digest list again, whole (ADR 0025). The kind, the
/// snapshot date the digest reported, its filters and zone (for the footer) and the list's key; no ARR and no
/// subscription id, so a list can be shown after its subscription changed or went, and whether amounts appear is
/// decided again by the channel the list is posted in.
/// </summary>
public sealed record DigestShowAll(DigestKind Kind, DateOnly DataDate, DigestFilters Filters, string TimeZone, string List)
{
    /// <summary>Compact JSON for a Slack button value (at most 2,000 characters) or Teams action data.</summary>
    public string ToValue()
    {
        var value = new JsonObject
        {
            ["k"] = Kind.Text(),
            ["d"] = DataDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["z"] = TimeZone,
            ["l"] = List,
        };
        Add(value, "segment", Filters.Segment);
        Add(value, "region", Filters.Region);
        Add(value, "owner", Filters.Owner);
        Add(value, "csm", Filters.Csm);
        Add(value, "plan", Filters.Plan);
        Add(value, "usecase", Filters.UseCase);
        return value.ToJsonString();
    }

    /// <summary>The button's value read back; null when it is not one (a stale or crafted value is refused, not guessed).</summary>
    public static DigestShowAll? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 2_000)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(value) is not JsonObject o
                || !DigestKinds.TryParse(Text(o, "k"), out var kind)
                || !DateOnly.TryParseExact(Text(o, "d"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || Text(o, "l") is not { } list || Text(o, "z") is not { } zone)
            {
                return null;
            }

            var filters = new DigestFilters(Text(o, "segment"), Text(o, "region"), Text(o, "owner"), Text(o, "csm"), Text(o, "plan"), Text(o, "usecase"));
            return new DigestShowAll(kind, date, filters, zone, list);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Add(JsonObject value, string key, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            value[key] = text;
        }
    }

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s ? s : null;
}
