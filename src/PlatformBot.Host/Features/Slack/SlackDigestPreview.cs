using System.Text.Json;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// `platformbot digests preview` for Slack: the chat.postMessage bodies a send makes, after Block Kit limits, in
/// order, then the chart upload.
/// </summary>
public static class SlackDigestPreview
{
    private static readonly JsonSerializerOptions IndentedSlackJson = new(SlackJson.Options) { WriteIndented = true };

    private sealed record PreviewPost(string Channel, string? Text, IReadOnlyList<Block>? Blocks, string? ThreadTs, bool? UnfurlLinks, bool? UnfurlMedia);

    private sealed record PreviewUpload(string Channel, string ThreadTs, string Filename, long Length, string Title, string AltTxt);

    private sealed record PreviewCall(string Method, object Body);

    /// <summary>The Web API calls a send makes, in order, as JSON. The thread's parent ts is a placeholder.</summary>
    public static string Json(DigestContent content, string channel)
    {
        ArgumentNullException.ThrowIfNull(content);
        const string parent = "<ts of the first message>";
        var rendered = SlackDigestRenderer.Render(content);
        var calls = new List<PreviewCall> { new("chat.postMessage", Post(channel, rendered.TopLevel, null)) };
        calls.AddRange(rendered.Thread.Select(m => new PreviewCall("chat.postMessage", Post(channel, m, parent))));
        if (rendered.Chart is { } chart)
        {
            calls.Add(new PreviewCall("files.getUploadURLExternal + files.completeUploadExternal",
                new PreviewUpload(channel, parent, chart.FileName, chart.Png.LongLength, chart.Title, chart.AltText)));
        }

        return JsonSerializer.Serialize(calls, IndentedSlackJson);
    }

    private static PreviewPost Post(string channel, SlackMessage message, string? threadTs)
    {
        var limited = BlockKitLimits.Apply(message).Value;
        return new PreviewPost(channel, limited.Text, limited.Blocks, threadTs, limited.UnfurlLinks, limited.UnfurlMedia);
    }
}
