using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>`platformbot digests preview --format teams`: the activities a send posts, in order.</summary>
public static class TeamsDigestPreview
{
    /// <summary>
    /// The Teams activities as JSON, in order: the digest card, then the chart card (a reply in the post's thread);
    /// the chart's data URI is shortened for reading.
    /// </summary>
    public static string Json(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var messages = new JsonArray(JsonSerializer.SerializeToNode(TeamsDigestRenderer.Render(content), TeamsJson.Options));
        if (content.Chart is { } chart)
        {
            var activity = TeamsDigestRenderer.RenderChart(chart) ?? TeamsDigestRenderer.ChartNote("the image is too large for a Teams message");
            messages.Add(JsonSerializer.SerializeToNode(activity, TeamsJson.Options));
        }

        ShortenDataUris(messages);
        return messages.ToJsonString(new JsonSerializerOptions(TeamsJson.Options) { WriteIndented = true });
    }

    private static void ShortenDataUris(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue(out string? text) && text.StartsWith("data:", StringComparison.Ordinal) && text.Length > 80)
                    {
                        obj[key] = text[..60] + $"…({text.Length} chars)";
                    }
                    else
                    {
                        ShortenDataUris(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ShortenDataUris(item);
                }

                break;
        }
    }
}
