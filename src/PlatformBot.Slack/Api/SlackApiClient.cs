using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

/// <summary>
/// A thin, typed Slack Web API client (typed HttpClient). Every call goes through one send path that adds the
/// Bearer token, unwraps <c>{ok, error, response_metadata}</c> into <see cref="SlackApiException"/> and handles 429.
/// Writes are never retried on an unclear outcome (<see cref="SlackOutcomeUnknownException"/>); reads are.
/// </summary>
public sealed class SlackApiClient
{
    private const string JsonMediaType = "application/json";

    private readonly SlackOptions _options;
    private readonly ILogger<SlackApiClient> _logger;
    private readonly SlackHttpPipeline _pipeline;
    private readonly SlackErrorReport _errors;

    public SlackApiClient(HttpClient httpClient, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<SlackApiClient> logger)
        : this(httpClient, options, timeProvider, logger, [])
    {
    }

    [ActivatorUtilitiesConstructor]
    public SlackApiClient(
        HttpClient httpClient, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<SlackApiClient> logger, IEnumerable<ISlackApiErrorObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _errors = new SlackErrorReport(logger, observers);
        _pipeline = new SlackHttpPipeline(httpClient, _options, timeProvider, logger, _errors);
    }

    /// <summary>auth.test: the bot's own identity. Call at start-up to learn the bot user id.</summary>
    public async Task<AuthTestResult> AuthTestAsync(CancellationToken cancellationToken)
    {
        var response = await CallFormAsync("auth.test", [], SlackCallSafety.Idempotent, cancellationToken);
        return Read<AuthTestResult>("auth.test", response);
    }

    /// <summary>chat.postMessage. Returns channel and ts (needed for chat.update and threading).</summary>
    public async Task<PostedMessage> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var limited = Limit(message);
        ChatPostMessageArgs args = new(channel)
        {
            Text = limited.Text,
            Blocks = limited.Blocks,
            ThreadTs = limited.ThreadTs,
            UnfurlLinks = limited.UnfurlLinks,
            UnfurlMedia = limited.UnfurlMedia,
        };
        var response = await CallJsonAsync("chat.postMessage", args, SlackCallSafety.NonIdempotent, cancellationToken);
        var posted = Read<ChatPostMessageResponse>("chat.postMessage", response);
        return new PostedMessage(posted.Channel, posted.Ts);
    }

    /// <summary>chat.postEphemeral: visible to one user only, not persistent, cannot be edited. Returns message_ts.</summary>
    public async Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(user);
        var limited = Limit(message);
        ChatPostEphemeralArgs args = new(channel, user) { Text = limited.Text, Blocks = limited.Blocks, ThreadTs = limited.ThreadTs };
        var response = await CallJsonAsync("chat.postEphemeral", args, SlackCallSafety.NonIdempotent, cancellationToken);
        return Read<ChatPostEphemeralResponse>("chat.postEphemeral", response).MessageTs;
    }

    /// <summary>chat.update of one of the bot's own messages (channel must be a C/G/D id, not a user id).</summary>
    public async Task<PostedMessage> UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        var limited = Limit(message);
        ChatUpdateArgs args = new(channel, ts) { Text = limited.Text, Blocks = limited.Blocks };
        var response = await CallJsonAsync("chat.update", args, SlackCallSafety.NonIdempotent, cancellationToken);
        var updated = Read<ChatPostMessageResponse>("chat.update", response);
        return new PostedMessage(updated.Channel, updated.Ts);
    }

    /// <summary>users.info.</summary>
    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var response = await CallFormAsync("users.info", [new("user", userId)], SlackCallSafety.Idempotent, cancellationToken);
        return Read<UserResponse>("users.info", response).User;
    }

    /// <summary>users.lookupByEmail. Returns null when no user has that address (users_not_found): a normal outcome of a lookup.</summary>
    public async Task<SlackUser?> LookupUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        try
        {
            var response = await CallFormAsync("users.lookupByEmail", [new("email", email)], SlackCallSafety.Idempotent, cancellationToken);
            return Read<UserResponse>("users.lookupByEmail", response).User;
        }
        catch (SlackApiException ex) when (ex.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>conversations.info. A private channel the bot is not in answers channel_not_found.</summary>
    public async Task<SlackConversation> GetConversationAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var response = await CallFormAsync("conversations.info", [new("channel", channelId)], SlackCallSafety.Idempotent, cancellationToken);
        return Read<ConversationResponse>("conversations.info", response).Channel;
    }

    /// <summary>views.publish of a user's App Home. Pass the previous hash to avoid overwriting a newer view (hash_conflict).</summary>
    public async Task<PublishedView> PublishHomeViewAsync(string userId, HomeView view, string? hash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(view);
        var limited = BlockKitLimits.Apply(view);
        LogAdjustments("views.publish", limited.Adjustments);
        ViewsPublishArgs args = new(userId, limited.Value) { Hash = hash };
        var response = await CallJsonAsync("views.publish", args, SlackCallSafety.NonIdempotent, cancellationToken);
        var published = Read<ViewsPublishResponse>("views.publish", response);
        return new PublishedView(published.View.Id, published.View.Hash);
    }

    /// <summary>Step 1 of the external upload: files.getUploadURLExternal (form-encoded).</summary>
    public async Task<FileUploadTicket> GetUploadUrlAsync(string fileName, long length, string? altText, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        List<KeyValuePair<string, string>> form =
        [
            new("filename", fileName),
            new("length", length.ToString(CultureInfo.InvariantCulture)),
        ];
        if (!string.IsNullOrEmpty(altText))
        {
            // Slack's documented spelling is alt_txt (some SDKs send alt_text, which Slack ignores).
            form.Add(new("alt_txt", altText));
        }

        // Safe to repeat: an unused upload URL simply expires.
        var response = await CallFormAsync("files.getUploadURLExternal", form, SlackCallSafety.Idempotent, cancellationToken);
        var ticket = Read<UploadUrlResponse>("files.getUploadURLExternal", response);
        return new FileUploadTicket(ticket.UploadUrl, ticket.FileId);
    }

    /// <summary>Step 2: POST the bytes to the upload URL. No token is sent there; the URL must be a Slack one.</summary>
    public async Task UploadContentAsync(Uri uploadUrl, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        if (!SlackUrlPolicy.IsAllowed(uploadUrl, _options.AdditionalAllowedOrigins))
        {
            throw new SlackUrlNotAllowedException(uploadUrl);
        }

        const string operation = "file upload";
        var response = await _pipeline.SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, uploadUrl)
            {
                Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            },
            SlackCallSafety.NonIdempotent,
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw _errors.Refused(operation, HttpError(response), null, (int)response.StatusCode);
        }
    }

    /// <summary>Step 3: files.completeUploadExternal, sharing to a channel (and thread) when one is given.</summary>
    public async Task<IReadOnlyList<UploadedFile>> CompleteUploadAsync(
        IReadOnlyList<FileReference> files,
        string? channelId,
        string? initialComment,
        string? threadTs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("At least one file is required.", nameof(files));
        }

        CompleteUploadArgs args = new(files) { ChannelId = channelId, InitialComment = initialComment, ThreadTs = threadTs };
        var response = await CallJsonAsync("files.completeUploadExternal", args, SlackCallSafety.NonIdempotent, cancellationToken);
        return Read<CompleteUploadResponse>("files.completeUploadExternal", response).Files;
    }

    /// <summary>The whole external upload (files.upload is retired): get a URL, send the bytes, complete and share.</summary>
    public async Task<UploadedFile> UploadFileAsync(SlackFileUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var ticket = await GetUploadUrlAsync(upload.FileName, upload.Content.Length, upload.AltText, cancellationToken);
        await UploadContentAsync(ticket.UploadUrl, upload.Content, cancellationToken);
        var files = await CompleteUploadAsync(
            [new FileReference(ticket.FileId, upload.Title ?? upload.FileName)],
            upload.ChannelId,
            upload.InitialComment,
            upload.ThreadTs,
            cancellationToken);
        return files.Count > 0 ? files[0] : new UploadedFile { Id = ticket.FileId, Title = upload.Title };
    }

    private Task<JsonElement> CallJsonAsync<TArgs>(string method, TArgs args, SlackCallSafety safety, CancellationToken cancellationToken)
    {
        // Serialized once: every attempt sends identical bytes.
        var json = JsonSerializer.Serialize(args, SlackJson.Options);
        return CallAsync(method, () => new StringContent(json, Encoding.UTF8, JsonMediaType), safety, cancellationToken);
    }

    private Task<JsonElement> CallFormAsync(string method, IReadOnlyList<KeyValuePair<string, string>> form, SlackCallSafety safety, CancellationToken cancellationToken) =>
        CallAsync(method, () => new FormUrlEncodedContent(form), safety, cancellationToken);

    /// <summary>The one send path of the Web API.</summary>
    private async Task<JsonElement> CallAsync(string method, Func<HttpContent> content, SlackCallSafety safety, CancellationToken cancellationToken)
    {
        var token = _options.BotToken is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"{SlackOptions.SectionName}:BotToken is not configured");
        Uri url = new(_options.ApiBaseUrl, method);

        var response = await _pipeline.SendAsync(
            method,
            () =>
            {
                HttpRequestMessage request = new(HttpMethod.Post, url) { Content = content() };
                // Per request, not on HttpClient.DefaultRequestHeaders, so the token never reaches an upload URL.
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            },
            safety,
            cancellationToken);

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw _errors.Refused(method, response.IsSuccessStatusCode ? "invalid_response" : HttpError(response), null, (int)response.StatusCode, innerException: ex);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw _errors.Refused(method, response.IsSuccessStatusCode ? "invalid_response" : HttpError(response), null, (int)response.StatusCode);
        }

        IReadOnlyList<string> messages = MetadataStrings(root, "messages");
        if (!ok.GetBoolean())
        {
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
            throw _errors.Refused(method, error, messages, (int)response.StatusCode);
        }

        if (root.TryGetProperty("warning", out var warning) && warning.ValueKind == JsonValueKind.String)
        {
            _logger.LogInformation("Slack {Method} warning: {Warning} {Warnings}", method, warning.GetString(), MetadataStrings(root, "warnings"));
        }

        return root;
    }

    private T Read<T>(string method, JsonElement response)
    {
        try
        {
            return response.Deserialize<T>(SlackJson.Options) ?? throw new JsonException("null response");
        }
        catch (JsonException ex)
        {
            throw _errors.Refused(method, "invalid_response", null, null, $"Slack {method} answered ok but in an unexpected shape", ex);
        }
    }

    private static string[] MetadataStrings(JsonElement root, string name)
    {
        if (root.TryGetProperty("response_metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty(name, out var list)
            && list.ValueKind == JsonValueKind.Array)
        {
            return [.. list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)];
        }

        return [];
    }

    private static string HttpError(SlackHttpResponse response) =>
        string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}");

    private SlackMessage Limit(SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limited = BlockKitLimits.Apply(message);
        LogAdjustments("message", limited.Adjustments);
        return limited.Value;
    }

    private void LogAdjustments(string what, IReadOnlyList<string> adjustments)
    {
        if (adjustments.Count > 0)
        {
            _logger.LogWarning("Slack {What} cut to fit Block Kit limits: {Adjustments}", what, string.Join("; ", adjustments));
        }
    }
}
