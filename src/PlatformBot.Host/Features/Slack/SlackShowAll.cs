using System.Text.Json;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// "Show all" under a cut digest list (ADR 0025): the whole list, built again from the button's
/// <see cref="DigestShowAll"/>, posted into the digest's thread with chat.postMessage and thread_ts, in as many
/// messages as Block Kit's budgets need. Everyone in the channel reads it, so ARR amounts follow the channel's rule
/// (<see cref="ArrVisibility"/>), never the clicker's. When it cannot be built, the clicker alone is told.
/// </summary>
internal static class SlackShowAll
{
    public static async Task PostAsync(IServiceProvider services, InteractionPayload payload, string value, string userId, CancellationToken cancellationToken)
    {
        var channelId = payload.Channel?.Id ?? payload.Container?.ChannelId;
        var threadTs = ThreadOf(payload);
        var showAll = DigestShowAll.Parse(value);
        var lists = services.GetService<DigestFullLists>();
        var content = showAll is null || channelId is null || threadTs is null || lists is null
            ? null
            : await lists.BuildAsync(showAll, services.GetRequiredService<ArrVisibility>().MaySeeArr(ArrAudience.SlackChannel(channelId)), cancellationToken);
        if (content is null)
        {
            await TellClickerAsync(services, payload, Wording.ShowAllGone, cancellationToken);
            return;
        }

        // Once per list per digest thread, decided by the database: a second click (or a double click reaching two
        // nodes) finds the row and posts nothing; the clicker is told where the list is.
        var thread = channelId + "/" + threadTs;
        if (!await lists!.ClaimAsync(DigestPlatform.Slack, thread, showAll!, userId, cancellationToken))
        {
            await TellClickerAsync(services, payload, Wording.ShowAllAlreadyPosted, cancellationToken);
            return;
        }

        var client = services.GetRequiredService<SlackApiClient>();
        var posted = 0;
        try
        {
            foreach (var message in SlackDigestRenderer.RenderWhole(content, userId))
            {
                await client.PostMessageAsync(channelId!, message with { ThreadTs = threadTs }, cancellationToken);
                posted++;
            }
        }
        catch when (posted == 0)
        {
            // Nothing reached the thread: the next click may post it.
            await lists.ReleaseAsync(DigestPlatform.Slack, thread, showAll!, CancellationToken.None);
            throw;
        }
    }

    private static async Task TellClickerAsync(IServiceProvider services, InteractionPayload payload, string text, CancellationToken cancellationToken)
    {
        if (payload.ResponseUrl is { } responseUrl)
        {
            await services.GetRequiredService<ResponseUrlClient>().PostAsync(responseUrl,
                new SlackMessage { Text = SlackText.Escape(text), ResponseType = SlackResponseType.Ephemeral, ReplaceOriginal = false }, cancellationToken);
        }
    }

    /// <summary>The digest's thread: the clicked reply's thread_ts, or the clicked message itself when it is the root.</summary>
    internal static string? ThreadOf(InteractionPayload payload)
    {
        if (payload.Message is { ValueKind: JsonValueKind.Object } message)
        {
            foreach (var key in new[] { "thread_ts", "ts" })
            {
                if (message.TryGetProperty(key, out var ts) && ts.ValueKind == JsonValueKind.String && ts.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }

        return payload.Container?.MessageTs;
    }
}
