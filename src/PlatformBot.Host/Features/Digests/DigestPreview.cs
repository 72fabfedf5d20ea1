using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformBot.Slack;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Builds a digest without a subscription and without sending it: `platformbot digests preview` prints it exactly
/// as Slack would receive it (the chat.postMessage bodies after Block Kit limits, in order) or as the Teams card.
/// </summary>
public sealed class DigestPreview(DigestDataLoader loader, DigestBuilder builder, IOptions<DigestOptions> options, TimeProvider time)
{
    /// <summary>Builds the digest; <paramref name="showArr"/> as <see cref="DigestArrPolicy"/> decides for the channel it would go to.</summary>
    public async Task<DigestContent> BuildAsync(DigestKind kind, DigestFilters filters, DateOnly? asOf, string? timeZone, bool showArr, CancellationToken cancellationToken)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? options.Value.DefaultTimeZone : timeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new InvalidOperationException($"--tz {zoneId} is not an IANA time zone (e.g. Europe/Berlin).");
        }

        var date = asOf ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var data = await loader.LoadAsync(date, cancellationToken);
        return builder.Build(data, new DigestRequest(kind, filters, zone.Id, ShowArr: showArr));
    }

    private sealed record PreviewPost(string Channel, string? Text, IReadOnlyList<Block>? Blocks, string? ThreadTs, bool? UnfurlLinks, bool? UnfurlMedia);

    private sealed record PreviewUpload(string Channel, string ThreadTs, string Filename, long Length, string Title, string AltTxt);

    private sealed record PreviewCall(string Method, object Body);

    /// <summary>The Web API calls a send makes, in order, as JSON. The thread's parent ts is a placeholder.</summary>
    public static string SlackJson(DigestContent content, string channel)
    {
        ArgumentNullException.ThrowIfNull(content);
        const string Parent = "<ts of the first message>";
        var rendered = SlackDigestRenderer.Render(content);
        var calls = new List<PreviewCall> { new("chat.postMessage", Post(channel, rendered.TopLevel, null)) };
        calls.AddRange(rendered.Thread.Select(m => new PreviewCall("chat.postMessage", Post(channel, m, Parent))));
        if (rendered.Chart is { } chart)
        {
            calls.Add(new PreviewCall("files.getUploadURLExternal + files.completeUploadExternal",
                new PreviewUpload(channel, Parent, chart.FileName, chart.Png.LongLength, chart.Title, chart.AltText)));
        }

        return JsonSerializer.Serialize(calls, IndentedSlackJson);
    }

    /// <summary>
    /// The Teams activities as JSON, in order: the digest card, then the chart card (a reply in the post's thread);
    /// the chart's data URI is shortened for reading.
    /// </summary>
    public static string TeamsJson(DigestContent content)
    {
        var messages = new JsonArray(JsonSerializer.SerializeToNode(TeamsDigestRenderer.Render(content), global::PlatformBot.Teams.TeamsJson.Options));
        if (content.Chart is { } chart)
        {
            var activity = TeamsDigestRenderer.RenderChart(chart) ?? TeamsDigestRenderer.ChartNote("the image is too large for a Teams message");
            messages.Add(JsonSerializer.SerializeToNode(activity, global::PlatformBot.Teams.TeamsJson.Options));
        }

        ShortenDataUris(messages);
        return messages.ToJsonString(new JsonSerializerOptions(global::PlatformBot.Teams.TeamsJson.Options) { WriteIndented = true });
    }

    private static readonly JsonSerializerOptions IndentedSlackJson = new(global::PlatformBot.Slack.SlackJson.Options) { WriteIndented = true };

    private static PreviewPost Post(string channel, SlackMessage message, string? threadTs)
    {
        var limited = BlockKitLimits.Apply(message).Value;
        return new PreviewPost(channel, limited.Text, limited.Blocks, threadTs, limited.UnfurlLinks, limited.UnfurlMedia);
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
