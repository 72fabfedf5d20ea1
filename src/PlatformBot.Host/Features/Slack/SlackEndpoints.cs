using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// The Slack endpoints. Each verifies the request (through <see cref="SlackRequestReader"/>), acknowledges within
/// Slack's 3 s and leaves the work to <see cref="SlackWorker"/>; a command's reply rides on the acknowledgement when
/// it is ready within Slack:InlineAnswerTimeout (<see cref="InlineReply"/>), else it goes to response_url. Public copies (shared cards, @mentions) never show ARR.
/// </summary>
internal static partial class SlackEndpoints
{
    public const string Command = "/adoption";
    public const string Surface = "slack";
    public const string NotEnabled = "PlatformBot isn't enabled for this workspace.";
    private const string Busy = "PlatformBot is busy right now. Please try again in a minute.";

    public static string Actor(string? teamId, string userId) => $"slack:{teamId}/{userId}";

    private static IResult Ephemeral(string text) =>
        SlackResults.Message(new SlackMessage { Text = text, ResponseType = SlackResponseType.Ephemeral });

    public static async Task<IResult> CommandAsync(
        HttpRequest request, SlackRequestReader reader, SlackBacklog queue, ArrVisibility arr,
        IOptions<SlackCommandOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await reader.ReadSlashCommandAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var command = read.Payload;
        if (!reader.IsTeamAllowed(command.TeamId))
        {
            return Ephemeral(NotEnabled);
        }

        if (!string.Equals(command.Command, Command, StringComparison.OrdinalIgnoreCase))
        {
            return Ephemeral($"PlatformBot does not know {command.Command}. Try {Command} help.");
        }

        if (command.ResponseUrl is not { } responseUrl)
        {
            return Ephemeral("Slack sent no response_url, so the answer cannot be delivered. Please try again.");
        }

        var viewer = new Viewer(Actor(command.TeamId, command.UserId), Surface, arr.MaySeeArr(ArrAudience.SlackUser(command.UserId, command.ChannelId)), null);
        var text = command.Text;
        var (userId, channelId) = (command.UserId, command.ChannelId);
        var inline = new InlineReply();
        if (!queue.TryEnqueue(new SlackWork(Command, (services, token) => AnswerCommandAsync(services, inline, responseUrl, text, viewer, userId, channelId, token))))
        {
            return Ephemeral(Busy);
        }

        // The reply in the HTTP response when it is ready in time (one round trip, nothing to response_url), else an
        // empty acknowledgement well within Slack's 3 s and the reply through response_url later.
        var message = await inline.WaitAsync(options.Value.InlineAnswerTimeout, time, cancellationToken);
        return message is null ? SlackResults.Ack() : SlackResults.Message(message);
    }

    private static async Task AnswerCommandAsync(
        IServiceProvider services, InlineReply inline, Uri responseUrl, string text, Viewer viewer, string userId, string? channelId, CancellationToken cancellationToken)
    {
        var message = await SlackReplies.CommandAsync(services, text, viewer, userId, channelId, cancellationToken);
        if (!inline.TryHandOver(message))
        {
            await services.GetRequiredService<ResponseUrlClient>().PostAsync(responseUrl, message, cancellationToken);
        }
    }

    public static async Task<IResult> InteractionAsync(
        HttpRequest request, SlackRequestReader reader, SlackBacklog queue, ArrVisibility arr, CancellationToken cancellationToken)
    {
        var read = await reader.ReadInteractionAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var payload = read.Payload;
        if (!reader.IsTeamAllowed(payload.TeamId) || payload.Type != InteractionPayload.BlockActionsType
            || payload.User is not { } user)
        {
            return SlackResults.Ack();
        }

        var channelId = payload.Channel?.Id ?? payload.Container?.ChannelId;
        var fromEphemeral = payload.Container?.IsEphemeral == true;
        var actor = Actor(payload.TeamId, user.Id);
        foreach (var action in payload.Actions)
        {
            // A button carries the account id as its value (a digest's "Show all" its list); a select, as its selected option.
            var accountId = action.Value ?? action.SelectedOption?.Value;
            if (string.IsNullOrEmpty(accountId))
            {
                continue;
            }

            var work = action.ActionId switch
            {
                BlockKitRenderer.ShareCardAction when payload.ResponseUrl is { } responseUrl => new SlackWork("share_card", async (services, token) =>
                    await services.GetRequiredService<ResponseUrlClient>().PostAsync(
                        responseUrl, await SlackReplies.ShareAsync(services, accountId, actor, Surface, user.Id, token), token)),
                BlockKitRenderer.PickAccountAction when payload.ResponseUrl is { } responseUrl => new SlackWork("pick_account", async (services, token) =>
                    await services.GetRequiredService<ResponseUrlClient>().PostAsync(
                        responseUrl,
                        await SlackReplies.PickAsync(services, accountId, new Viewer(actor, Surface, arr.MaySeeArr(ArrAudience.SlackUser(user.Id, channelId)), null), fromEphemeral, token),
                        token)),

                // "Show all" under a cut digest list: the whole list in the digest's thread (ARR by the channel's rule).
                SlackDigestRenderer.ShowAllAction => new SlackWork("digest_show_all", (services, token) =>
                    SlackShowAll.PostAsync(services, payload, accountId, user.Id, token)),

                // A digest alert's Reactivate button: the value is the subscription id; managers only.
                SlackDigestAlert.ReactivateAction when payload.ResponseUrl is { } responseUrl => new SlackWork("digest_reactivate", async (services, token) =>
                    await services.GetRequiredService<ResponseUrlClient>().PostAsync(
                        responseUrl, await SlackDigestAlert.ReactivateAsync(services, user.Id, accountId, token), token)),

                // The Home tab has no response_url: the card goes to the app's DM with the user, seen by nobody else.
                SlackHome.LookupAction => new SlackWork("home_lookup", (services, token) =>
                    SlackHome.SendCardAsync(services, user.Id, accountId, new Viewer(actor, Surface, arr.MaySeeArr(ArrAudience.SlackUser(user.Id, null)), null), token)),
                _ => null,
            };
            if (work is not null && !queue.TryEnqueue(work))
            {
                return Ephemeral(Busy);
            }
        }

        return SlackResults.Ack();
    }

    /// <summary>
    /// The Home tab's account typeahead (external_select): accounts matching what was typed, best first, as options
    /// (text: name and id, value: account id). Answered inline: it is an in-memory lookup, well within Slack's 3 s.
    /// </summary>
    public static async Task<IResult> OptionsAsync(HttpRequest request, SlackRequestReader reader, AccountDirectory directory, CancellationToken cancellationToken)
    {
        var read = await reader.ReadBlockSuggestionAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var suggestion = read.Payload;
        if (!reader.IsTeamAllowed(suggestion.TeamId) || suggestion.ActionId != SlackHome.LookupAction || suggestion.Value.Trim().Length < SlackHome.LookupMinQueryLength)
        {
            return SlackResults.Options(new BlockSuggestionResponse { Options = [] });
        }

        var resolution = (await directory.IndexAsync(cancellationToken)).Resolve(suggestion.Value, SlackHome.LookupMaxOptions);
        var options = resolution.Candidates.Select(c => new SlackOption(new PlainText(OptionText(c.Account)), c.Account.AccountId)).ToList();
        return SlackResults.Options(new BlockSuggestionResponse { Options = options });
    }

    /// <summary>"Acme Corp · A-1", cut to Slack's 75 characters for option text (<see cref="BlockKitRenderer.OptionText"/>).</summary>
    internal static string OptionText(DirectoryEntry account) => BlockKitRenderer.OptionText(account.Name, account.AccountId);

    public static async Task<IResult> EventAsync(
        HttpRequest request, SlackRequestReader reader, EventDeduplicator seen, SlackBacklog queue, CancellationToken cancellationToken)
    {
        var read = await reader.ReadEventAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Response;
        }

        var envelope = read.Payload;
        if (envelope.IsUrlVerification)
        {
            return string.IsNullOrEmpty(envelope.Challenge)
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed Slack request", detail: "url_verification without a challenge")
                : SlackResults.Challenge(envelope.Challenge);
        }

        if (!envelope.IsEventCallback || !reader.IsTeamAllowed(envelope.TeamId))
        {
            return SlackResults.Ack();
        }

        var teamId = envelope.TeamId;
        var work = envelope.Event switch
        {
            AppHomeOpenedEvent { Tab: "home", User: { } user } => new SlackWork("app_home_opened", (services, token) =>
                SlackHome.PublishAsync(services, user, token)),
            AppMentionEvent { BotId: null, User: { } user, Channel: { } channel, Text: { } text } mention => new SlackWork("app_mention", (services, token) =>
                AnswerMentionAsync(services, Actor(teamId, user), channel, mention.ReplyThreadTs, StripMentions(text), token)),
            _ => null,
        };
        if (work is null)
        {
            return SlackResults.Ack();
        }

        if (envelope.EventId is { } eventId && !seen.TryRegister(eventId))
        {
            return SlackResults.Ack(); // a redelivery
        }

        if (!queue.TryEnqueue(work))
        {
            if (envelope.EventId is { } id)
            {
                seen.Remove(id); // let Slack's retry try again
            }

            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return SlackResults.Ack();
    }

    /// <summary>An @mention is answered in its thread, in public: ARR hidden, no share button.</summary>
    private static async Task AnswerMentionAsync(IServiceProvider services, string actor, string channel, string? threadTs, string text, CancellationToken cancellationToken)
    {
        var message = await SlackReplies.MentionAsync(services, actor, Surface, text, cancellationToken) with { ThreadTs = threadTs };
        await services.GetRequiredService<SlackApiClient>().PostMessageAsync(channel, message, cancellationToken);
    }

    internal static string StripMentions(string text) => MentionPattern().Replace(text, " ").Trim();

    // A match timeout on every pattern run over user text (MA0009), though this one cannot backtrack far.
    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MentionPattern();

}
