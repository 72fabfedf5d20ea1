using Microsoft.AspNetCore.Http;

namespace PlatformBot.Slack;

/// <summary>Minimal API results for answering Slack within its 3-second window.</summary>
public static class SlackResults
{
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>HTTP 200 with an empty body: acknowledged, nothing posted.</summary>
    public static IResult Ack() => Results.Ok();

    /// <summary>
    /// A message as the immediate answer to a slash command (ephemeral unless ResponseType says otherwise).
    /// Block Kit limits are applied first so the answer is never rejected for size.
    /// </summary>
    public static IResult Message(SlackMessage message) =>
        Results.Json(BlockKitLimits.Apply(message).Value, SlackJson.Options, JsonContentType);

    /// <summary>The url_verification handshake answer, as JSON (what Bolt sends).</summary>
    public static IResult Challenge(string challenge)
    {
        ArgumentException.ThrowIfNullOrEmpty(challenge);
        return Results.Json(new ChallengeResponse(challenge), SlackJson.Options, JsonContentType);
    }

    /// <summary>The options for an external_select (answer to a block_suggestion request).</summary>
    public static IResult Options(BlockSuggestionResponse response) =>
        Results.Json(BlockKitLimits.Apply(response).Value, SlackJson.Options, JsonContentType);

    private sealed record ChallengeResponse(string Challenge);
}
