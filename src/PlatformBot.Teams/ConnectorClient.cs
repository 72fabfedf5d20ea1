using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

/// <summary>
/// Bot Connector REST v3 client (typed HttpClient). One send path: service URL allow-list, per-conversation pacing,
/// bearer via <see cref="ConnectorAuthHandler"/>, retries on 429/412/502/503/504 honouring Retry-After, and
/// <see cref="ConnectorException"/> for everything else. Ids are URL-encoded: Teams ids contain ':', ';', '@', '='.
/// Only explicit retryable status codes are retried; a timeout or dropped connection is not, because a POST may
/// already have posted.
/// </summary>
public sealed class ConnectorClient(
    HttpClient httpClient,
    ConversationRateLimiter rateLimiter,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectorClient> logger,
    IEnumerable<IConnectorErrorObserver>? observers = null)
{
    private readonly IConnectorErrorObserver[] _observers = [.. observers ?? []];

    private const string CorrelationHeader = "X-Correlating-OperationId";

    public Task<ResourceResponse> SendToConversationAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, cancellationToken);
    }

    /// <summary><c>POST {serviceUrl}v3/conversations/{conversationId}/activities</c>.</summary>
    public async Task<ResourceResponse> SendToConversationAsync(
        string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var baseUri = ParseServiceUrl(serviceUrl);
        return await SendAsync<ResourceResponse>(
                   HttpMethod.Post,
                   baseUri,
                   $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities",
                   Serialize(activity),
                   ConversationRateLimiter.PartitionKey(baseUri, conversationId),
                   cancellationToken)
               ?? new ResourceResponse(null);
    }

    /// <summary><c>POST {serviceUrl}v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    public async Task<ResourceResponse> ReplyToActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var baseUri = ParseServiceUrl(serviceUrl);
        var body = Serialize(activity);
        body["replyToId"] ??= activityId;
        return await SendAsync<ResourceResponse>(
                   HttpMethod.Post,
                   baseUri,
                   ActivityPath(conversationId, activityId),
                   body,
                   ConversationRateLimiter.PartitionKey(baseUri, conversationId),
                   cancellationToken)
               ?? new ResourceResponse(null);
    }

    /// <summary>
    /// <c>PUT …/activities/{activityId}</c> with a complete replacement activity; its id is set to
    /// <paramref name="activityId"/> in the payload (the caller's object is left alone).
    /// </summary>
    public async Task<ResourceResponse> UpdateActivityAsync(
        string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var baseUri = ParseServiceUrl(serviceUrl);
        var body = Serialize(activity);
        body["id"] = activityId;
        return await SendAsync<ResourceResponse>(
                   HttpMethod.Put,
                   baseUri,
                   ActivityPath(conversationId, activityId),
                   body,
                   ConversationRateLimiter.PartitionKey(baseUri, conversationId),
                   cancellationToken)
               ?? new ResourceResponse(activityId);
    }

    /// <summary><c>DELETE …/activities/{activityId}</c> (only the bot's own messages).</summary>
    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        var baseUri = ParseServiceUrl(serviceUrl);
        await SendAsync<JsonElement?>(
            HttpMethod.Delete,
            baseUri,
            ActivityPath(conversationId, activityId),
            null,
            ConversationRateLimiter.PartitionKey(baseUri, conversationId),
            cancellationToken);
    }

    /// <summary><c>POST {serviceUrl}v3/conversations</c>: a new channel post or a proactive 1:1 chat.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(
        string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var baseUri = ParseServiceUrl(serviceUrl);
        var body = JsonSerializer.SerializeToNode(parameters, TeamsJson.Options)
                        ?? throw new InvalidOperationException("Conversation parameters serialized to null.");

        // Pace per target: the channel for channel posts, the user for 1:1 chats.
        var target = (parameters.ChannelData as JsonObject)?["channel"] is JsonObject channel
                        && channel["id"] is JsonValue id
                        && id.TryGetValue(out string? channelId)
            ? channelId
            : parameters.Members?.FirstOrDefault()?.Id ?? "create-conversation";
        return await SendAsync<ConversationResourceResponse>(
                   HttpMethod.Post,
                   baseUri,
                   "v3/conversations",
                   body,
                   ConversationRateLimiter.PartitionKey(baseUri, target),
                   cancellationToken)
               ?? new ConversationResourceResponse(null, null, null);
    }

    /// <summary>
    /// <c>GET {serviceUrl}v3/conversations/{conversationId}/members/{memberId}</c>: one member with what Teams adds to
    /// the activity's <c>from</c> (<c>email</c>, <c>userPrincipalName</c>, in <see cref="ChannelAccount.Properties"/>).
    /// </summary>
    public async Task<ChannelAccount?> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        var baseUri = ParseServiceUrl(serviceUrl);
        return await SendAsync<ChannelAccount>(
            HttpMethod.Get,
            baseUri,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(memberId)}",
            null,
            ConversationRateLimiter.PartitionKey(baseUri, conversationId),
            cancellationToken);
    }

    private static string ActivityPath(string conversationId, string activityId) =>
        $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}";

    private static JsonObject Serialize(Activity activity) =>
        JsonSerializer.SerializeToNode(activity, TeamsJson.Options) as JsonObject
        ?? throw new InvalidOperationException("The activity did not serialize to a JSON object.");

    private Uri ParseServiceUrl(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{serviceUrl}' is not an absolute service URL.", nameof(serviceUrl));
        }

        // Fail before pacing, token acquisition or any request; the auth handler checks again as the last line.
        if (!ServiceUrlAllowList.IsAllowed(uri, options.Value))
        {
            throw ServiceUrlNotAllowedException.For(uri);
        }

        // Regional service URLs carry a path ("/amer/"): without the trailing slash it would be replaced, not extended.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private async Task<T?> SendAsync<T>(
        HttpMethod method, Uri baseUri, string relativePath, JsonNode? body, string pacingKey, CancellationToken cancellationToken)
    {
        Uri uri = new(baseUri, relativePath);
        var payload = body?.ToJsonString(TeamsJson.Options);
        var maxAttempts = options.Value.Retry.MaxAttempts;

        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;

            // Every attempt counts against Teams' limits, so every attempt takes a permit; the permit is released
            // before waiting so a back-off does not block other sends to the conversation.
            using (await rateLimiter.AcquireAsync(pacingKey, cancellationToken))
            {
                using HttpRequestMessage request = new(method, uri);
                if (payload is not null)
                {
                    // StringContent adds charset=utf-8, which Teams needs for emoji.
                    request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
                }

                using var response = await httpClient.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadBodyAsync<T>(response, uri, cancellationToken);
                }

                if (attempt >= maxAttempts || !IsRetryable(response.StatusCode))
                {
                    var refused = await CreateExceptionAsync(method, uri, response, attempt, cancellationToken);
                    foreach (var observer in _observers)
                    {
                        observer.OnError(refused.StatusCode, refused.ErrorCode);
                    }

                    throw refused;
                }

                delay = GetRetryDelay(response, attempt);
                logger.LogWarning(
                    "Bot Connector {Method} {Path} answered {Status}; attempt {Attempt} of {MaxAttempts}, retrying in {Delay}",
                    method, uri.AbsolutePath, (int)response.StatusCode, attempt, maxAttempts, delay);
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    /// <summary>Retry-After (seconds or HTTP date) when given, else exponential back-off with jitter; capped.</summary>
    private TimeSpan GetRetryDelay(HttpResponseMessage response, int attempt)
    {
        var retry = options.Value.Retry;
        TimeSpan? requested = null;
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            requested = delta;
        }
        else if (retryAfter?.Date is { } date)
        {
            requested = date - timeProvider.GetUtcNow();
        }

        TimeSpan delay;
        if (requested is { } value)
        {
            delay = value;
        }
        else
        {
            var backoff = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            // Jitter spreads retries of many conversations that were throttled together.
#pragma warning disable CA5394 // not security relevant
            var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
            delay = TimeSpan.FromMilliseconds(backoff * jitter);
        }

        if (delay < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return delay > retry.MaxDelay ? retry.MaxDelay : delay;
    }

    private async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        // Teams answers some calls with 200/201/202 and no body at all; that is success, not an error.
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(content))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content, TeamsJson.Options);
        }
        catch (JsonException exception)
        {
            logger.LogWarning(exception, "Bot Connector {Path} returned a success status with an unreadable body", uri.AbsolutePath);
            return default;
        }
    }

    private static async Task<ConnectorException> CreateExceptionAsync(
        HttpMethod method, Uri uri, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        (var code, var message, var subCode) = ParseError(content);
        var correlationId = response.Headers.TryGetValues(CorrelationHeader, out var values)
            ? values.FirstOrDefault()
            : null;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Bot Connector {method} {uri.AbsolutePath} failed with HTTP {(int)response.StatusCode} {code}: {message ?? response.ReasonPhrase}");
        return new ConnectorException(text, response.StatusCode, code, subCode, correlationId, attempts);
    }

    /// <summary>ErrorResponse is <c>{"error":{"code","message", …}}</c>; a subCode may sit deeper (innerHttpError).</summary>
    internal static (string? Code, string? Message, string? SubCode) ParseError(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            var code = error.ValueKind == JsonValueKind.Object ? GetString(error, "code") : null;
            var message = error.ValueKind == JsonValueKind.Object ? GetString(error, "message") : null;
            return (code, message, FindString(root, "subCode", depth: 0));
        }
        catch (JsonException)
        {
            return (null, content.Length > 200 ? content[..200] : content, null);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FindString(JsonElement element, string name, int depth)
    {
        if (depth > 6)
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }

                    if (FindString(property.Value, name, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindString(item, name, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsRetryable(HttpStatusCode status) => status is
        HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;
}
