using System.Text;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

/// <summary>
/// Posts delayed replies to a response_url (5 uses within 30 minutes; works in channels the bot is not in).
/// No Authorization header: the URL itself is the credential, which is why only Slack hosts may be targeted.
/// </summary>
public sealed class ResponseUrlClient
{
    private const string Operation = "response_url";

    private readonly SlackOptions _options;
    private readonly ILogger<ResponseUrlClient> _logger;
    private readonly SlackHttpPipeline _pipeline;
    private readonly SlackErrorReport _errors;

    public ResponseUrlClient(HttpClient httpClient, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<ResponseUrlClient> logger)
        : this(httpClient, options, timeProvider, logger, [])
    {
    }

    [ActivatorUtilitiesConstructor]
    public ResponseUrlClient(
        HttpClient httpClient, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<ResponseUrlClient> logger, IEnumerable<ISlackApiErrorObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _errors = new SlackErrorReport(logger, observers);
        _pipeline = new SlackHttpPipeline(httpClient, _options, timeProvider, logger, _errors);
    }

    /// <summary>
    /// Sends <paramref name="message"/> (Block Kit limits applied). Throws <see cref="SlackUrlNotAllowedException"/>
    /// before sending anything for a non-Slack URL, <see cref="SlackApiException"/> when Slack refuses
    /// (e.g. expired_url, used_url), <see cref="SlackOutcomeUnknownException"/> on a timeout (never retried: each
    /// post uses up one of the URL's five uses and may already have been shown).
    /// </summary>
    public async Task PostAsync(Uri responseUrl, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        ArgumentNullException.ThrowIfNull(message);
        if (!SlackUrlPolicy.IsAllowed(responseUrl, _options.AdditionalAllowedOrigins))
        {
            _logger.LogWarning("Refused to post to a response_url on host {Host}", responseUrl.IsAbsoluteUri ? responseUrl.Host : "(relative)");
            throw new SlackUrlNotAllowedException(responseUrl);
        }

        var limited = BlockKitLimits.Apply(message);
        if (limited.WasAdjusted)
        {
            _logger.LogWarning("Slack response_url message cut to fit Block Kit limits: {Adjustments}", string.Join("; ", limited.Adjustments));
        }

        var json = JsonSerializer.Serialize(limited.Value, SlackJson.Options);
        var response = await _pipeline.SendAsync(
            Operation,
            () => new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            SlackCallSafety.NonIdempotent,
            cancellationToken);

        var error = ErrorOf(response);
        if (error is not null)
        {
            throw _errors.Refused(Operation, error, null, (int)response.StatusCode);
        }
    }

    /// <summary>
    /// response_url answers either plain text (<c>ok</c>, or an error code with a 4xx) or JSON <c>{ok, error}</c>.
    /// </summary>
    private static string? ErrorOf(SlackHttpResponse response)
    {
        var body = Encoding.UTF8.GetString(response.Body).Trim();
        if (body.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                var ok = root.TryGetProperty("ok", out var okElement) && okElement.ValueKind == JsonValueKind.True;
                if (ok && response.IsSuccessStatusCode)
                {
                    return null;
                }

                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }
            catch (JsonException)
            {
                // Fall through to the status code.
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        // A short snake_case body is Slack's error code (e.g. "expired_url"); anything else is not repeated into logs.
        return body.Length is > 0 and <= 64 && body.All(c => c is (>= 'a' and <= 'z') or '_')
            ? body
            : $"http_{(int)response.StatusCode}";
    }
}
