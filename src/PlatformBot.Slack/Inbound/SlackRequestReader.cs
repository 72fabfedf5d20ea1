using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace PlatformBot.Slack;

/// <summary>
/// Turns an inbound Slack HTTP request into a typed payload, in this order: size cap (413) → raw body →
/// (command URLs only: ssl_check probe, 200) → signature (401, nothing else done) → content type (415) → parse (400). The raw bytes are read once, bounded, and the
/// signature is checked over exactly those bytes; forms and JSON are parsed from the same bytes afterwards.
/// </summary>
public sealed class SlackRequestReader(SlackRequestVerifier verifier, IOptions<SlackOptions> options, ILogger<SlackRequestReader> logger)
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string JsonMediaType = "application/json";

    /// <summary>Whether the workspace may use the bot (empty allow-list = all). The host chooses the polite reply.</summary>
    public bool IsTeamAllowed(string? teamId) => options.Value.IsTeamAllowed(teamId);

    public async Task<SlackReadResult<SlashCommand>> ReadSlashCommandAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, FormMediaType, acceptSslCheck: true, cancellationToken);
        if (body.Rejection is not null)
        {
            return Reject<SlashCommand>(request, body.Rejection);
        }

        var form = body.Form!;
        var command = Single(form, "command");
        var userId = Single(form, "user_id");
        var teamId = Single(form, "team_id");
        if (string.IsNullOrEmpty(command) || string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(teamId))
        {
            return Reject<SlashCommand>(request, SlackRejection.Malformed("a slash command needs command, user_id and team_id"));
        }

        Uri? responseUrl = null;
        var rawResponseUrl = Single(form, "response_url");
        if (!string.IsNullOrEmpty(rawResponseUrl) && !Uri.TryCreate(rawResponseUrl, UriKind.Absolute, out responseUrl))
        {
            return Reject<SlashCommand>(request, SlackRejection.Malformed("response_url is not an absolute URL"));
        }

        return SlackReadResult<SlashCommand>.Success(new SlashCommand
        {
            Command = command,
            // Slack's entities decoded here, once, like every inbound text (SlackText.Unescape).
            Text = SlackText.Unescape(Single(form, "text")),
            UserId = userId,
            TeamId = teamId,
            ResponseUrl = responseUrl,
            TriggerId = Single(form, "trigger_id"),
            UserName = Single(form, "user_name"),
            TeamDomain = Single(form, "team_domain"),
            ChannelId = Single(form, "channel_id"),
            ChannelName = Single(form, "channel_name"),
            EnterpriseId = Single(form, "enterprise_id"),
            EnterpriseName = Single(form, "enterprise_name"),
            // A string in the form; bolt-python compares it to "true" the same way.
            IsEnterpriseInstall = string.Equals(Single(form, "is_enterprise_install"), "true", StringComparison.OrdinalIgnoreCase),
            ApiAppId = Single(form, "api_app_id"),
        });
    }

    public async Task<SlackReadResult<InteractionPayload>> ReadInteractionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, FormMediaType, acceptSslCheck: false, cancellationToken);
        if (body.Rejection is not null)
        {
            return Reject<InteractionPayload>(request, body.Rejection);
        }

        (var payload, var rejection) = ParsePayloadField<InteractionPayload>(body.Form!, static (p, raw) => p with { Raw = raw });
        if (payload is null)
        {
            return Reject<InteractionPayload>(request, rejection!);
        }

        return SlackReadResult<InteractionPayload>.Success(payload);
    }

    public async Task<SlackReadResult<BlockSuggestion>> ReadBlockSuggestionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, FormMediaType, acceptSslCheck: false, cancellationToken);
        if (body.Rejection is not null)
        {
            return Reject<BlockSuggestion>(request, body.Rejection);
        }

        (var payload, var rejection) = ParsePayloadField<BlockSuggestion>(body.Form!, static (p, raw) => p with { Raw = raw });
        if (payload is null)
        {
            return Reject<BlockSuggestion>(request, rejection!);
        }

        if (payload.Type != BlockSuggestion.PayloadType)
        {
            return Reject<BlockSuggestion>(request, SlackRejection.Malformed($"expected payload type {BlockSuggestion.PayloadType}"));
        }

        return SlackReadResult<BlockSuggestion>.Success(payload);
    }

    public async Task<SlackReadResult<EventEnvelope>> ReadEventAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, JsonMediaType, acceptSslCheck: false, cancellationToken);
        if (body.Rejection is not null)
        {
            return Reject<EventEnvelope>(request, body.Rejection);
        }

        EventEnvelope envelope;
        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Reject<EventEnvelope>(request, SlackRejection.Malformed("the event body is not a JSON object"));
            }

            envelope = document.RootElement.Deserialize<EventEnvelope>(SlackJson.Options)!;
            envelope = envelope with
            {
                Raw = document.RootElement.Clone(),
                Event = document.RootElement.TryGetProperty("event", out var inner) && inner.ValueKind == JsonValueKind.Object
                    ? ParseEvent(inner)
                    : null,
                RetryNum = int.TryParse(request.Headers[RetryNumHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var retry) ? retry : null,
                RetryReason = NullIfEmpty(request.Headers[RetryReasonHeader].ToString()),
            };
        }
        catch (JsonException)
        {
            // The exception text may quote the payload; the reason stays generic.
            return Reject<EventEnvelope>(request, SlackRejection.Malformed("the event body is not a valid Slack event envelope"));
        }

        if (envelope.IsUrlVerification && string.IsNullOrEmpty(envelope.Challenge))
        {
            return Reject<EventEnvelope>(request, SlackRejection.Malformed("url_verification without a challenge"));
        }

        if (envelope.IsEventCallback && (string.IsNullOrEmpty(envelope.EventId) || envelope.Event is null))
        {
            return Reject<EventEnvelope>(request, SlackRejection.Malformed("event_callback without event_id or event"));
        }

        return SlackReadResult<EventEnvelope>.Success(envelope);
    }

    private static SlackEvent ParseEvent(JsonElement element)
    {
        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        SlackEvent? parsed = type switch
        {
            AppMentionEvent.EventType => element.Deserialize<AppMentionEvent>(SlackJson.Options) is { } mention
                ? mention with { Text = mention.Text is null ? null : SlackText.Unescape(mention.Text) }
                : null,
            AppHomeOpenedEvent.EventType => element.Deserialize<AppHomeOpenedEvent>(SlackJson.Options),
            _ => element.Deserialize<UnknownSlackEvent>(SlackJson.Options),
        };
        return (parsed ?? throw new JsonException("event is null")) with { Raw = element.Clone() };
    }

    private static (T? Payload, SlackRejection? Rejection) ParsePayloadField<T>(Dictionary<string, StringValues> form, Func<T, JsonElement, T> withRaw)
        where T : class
    {
        if (!form.TryGetValue("payload", out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return (null, SlackRejection.Malformed("expected exactly one 'payload' form field"));
        }

        try
        {
            using var document = JsonDocument.Parse(values[0]!);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, SlackRejection.Malformed("the 'payload' field is not a JSON object"));
            }

            var payload = document.RootElement.Deserialize<T>(SlackJson.Options) ?? throw new JsonException("payload is null");
            return (withRaw(payload, document.RootElement.Clone()), null);
        }
        catch (JsonException)
        {
            return (null, SlackRejection.Malformed("the 'payload' form field is not valid JSON of the expected shape"));
        }
    }

    private async Task<Body> ReadBodyAsync(HttpRequest request, string mediaType, bool acceptSslCheck, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var max = settings.MaxRequestBodyBytes;
        if (request.ContentLength > max)
        {
            return Body.Rejected(SlackRejection.TooLarge(string.Create(CultureInfo.InvariantCulture, $"Content-Length {request.ContentLength} exceeds {max} bytes")));
        }

        var bytes = await ReadBoundedAsync(request, max, cancellationToken);
        if (bytes is null)
        {
            return Body.Rejected(SlackRejection.TooLarge(string.Create(CultureInfo.InvariantCulture, $"body exceeds {max} bytes")));
        }

        var mediaTypeMatches = MediaTypeMatches(request.ContentType, mediaType, out var mediaTypeProblem);
        var isForm = mediaTypeMatches && mediaType == FormMediaType;

        // Slack's ssl_check probe is answered before verification, as Bolt does: it triggers no work and reveals
        // nothing. Only command URLs get it, so only they parse a form before the signature is checked.
        if (acceptSslCheck && isForm && TryReadForm(bytes) is { } probe && Single(probe, "ssl_check") == "1")
        {
            return Body.Rejected(SlackRejection.SslCheck());
        }

        var verification = verifier.Verify(
            bytes,
            request.Headers[SlackRequestVerifier.TimestampHeader].ToString(),
            request.Headers[SlackRequestVerifier.SignatureHeader].ToString());
        if (!verification.IsValid)
        {
            return Body.Rejected(SlackRejection.Unauthorized($"{verification.Failure}: {verification.Reason}"));
        }

        if (!mediaTypeMatches)
        {
            return Body.Rejected(SlackRejection.UnsupportedMediaType(mediaTypeProblem!));
        }

        Dictionary<string, StringValues>? form = null;
        if (isForm && (form = TryReadForm(bytes)) is null)
        {
            return Body.Rejected(SlackRejection.Malformed("the body is not a valid form"));
        }

        return new Body(bytes, form, null);
    }

    private static Dictionary<string, StringValues>? TryReadForm(byte[] bytes)
    {
        try
        {
            return new FormReader(Encoding.UTF8.GetString(bytes)).ReadForm();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        // Count while reading: Content-Length may be absent (chunked) and is only a claim.
        using MemoryStream buffer = new((int)Math.Min(request.ContentLength ?? 4096, max));
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(chunk, cancellationToken);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static bool MediaTypeMatches(string? contentType, string expected, out string? problem)
    {
        // Parse rather than compare strings: "application/json; charset=utf-8" is the same type (SlackNet #229).
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"expected Content-Type {expected}";
            return false;
        }

        var charset = parsed.Charset;
        if (charset.HasValue
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            problem = "only the utf-8 charset is supported";
            return false;
        }

        problem = null;
        return true;
    }

    private static string? Single(Dictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private SlackReadResult<T> Reject<T>(HttpRequest request, SlackRejection rejection)
        where T : class
    {
        if (rejection.Kind == SlackRequestRejection.SslCheck)
        {
            logger.LogDebug("Slack ssl_check on {Path} answered", request.Path);
        }
        else
        {
            logger.LogWarning("Slack request on {Path} rejected ({Rejection}): {Reason}", request.Path, rejection.Kind, rejection.Reason);
        }

        return SlackReadResult<T>.Reject(rejection);
    }

    private sealed record Body(byte[] Bytes, Dictionary<string, StringValues>? Form, SlackRejection? Rejection)
    {
        public static Body Rejected(SlackRejection rejection) => new([], null, rejection);
    }
}
