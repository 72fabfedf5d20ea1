using System.Globalization;

namespace PlatformBot.Slack;

/// <summary>
/// Settings of the Slack adapter, bound from the <c>Slack</c> configuration section. Secrets (SigningSecret,
/// BotToken) come from user secrets or the environment, never from appsettings.json.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>Basic Information → App Credentials → Signing Secret. Without it every inbound request is rejected.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>) sent as a Bearer header on Web API calls.</summary>
    public string? BotToken { get; set; }

    /// <summary>Base address of the Web API; tests point it at WireMock. Must end with a slash.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Workspaces (team ids) allowed to use the bot. Empty means every workspace the app is installed in.</summary>
    public IList<string> AllowedTeamIds { get; } = [];

    /// <summary>Largest inbound request body accepted. Slack's payloads are small; a cap stops memory abuse.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Time allowed for one HTTP attempt to Slack (Retry-After waits are not counted).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a call answered with HTTP 429 is repeated after waiting Retry-After.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>Longest Retry-After the client waits in-process; a longer one is thrown to the caller to reschedule.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idempotent read is repeated after a 5xx or a transport failure.</summary>
    public int MaxReadRetries { get; set; } = 2;

    /// <summary>
    /// Origins (scheme://host:port) besides https://*.slack.com that response_url and upload_url may target.
    /// Only for tests (WireMock); leave empty in production so a forged URL cannot make the bot post elsewhere.
    /// </summary>
    public IList<Uri> AdditionalAllowedOrigins { get; } = [];

    /// <summary>How long an event_id is remembered. Slack retries up to ~5 minutes after the first delivery.</summary>
    public TimeSpan EventDeduplicationWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most event ids remembered at once; the oldest are forgotten first when full.</summary>
    public int EventDeduplicationCapacity { get; set; } = 10_000;

    /// <summary>True when both secrets are present, i.e. the Slack endpoints can work at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SigningSecret) && !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>
    /// Returns every configuration problem, or an empty list. Having neither secret is valid (Slack disabled);
    /// having only one is a half-done setup and is reported by name.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        var hasSecret = !string.IsNullOrWhiteSpace(SigningSecret);
        var hasToken = !string.IsNullOrWhiteSpace(BotToken);
        if (hasToken && !hasSecret)
        {
            errors.Add($"{SectionName}:BotToken is set but {SectionName}:SigningSecret is missing");
        }
        else if (hasSecret && !hasToken)
        {
            errors.Add($"{SectionName}:SigningSecret is set but {SectionName}:BotToken is missing");
        }

        if (ApiBaseUrl is null || !ApiBaseUrl.IsAbsoluteUri)
        {
            errors.Add($"{SectionName}:ApiBaseUrl must be an absolute URL");
        }
        else if (!ApiBaseUrl.AbsolutePath.EndsWith('/'))
        {
            // HttpClient drops the last path segment of a base address without a trailing slash.
            errors.Add($"{SectionName}:ApiBaseUrl must end with '/' (got '{ApiBaseUrl}')");
        }

        if (MaxRequestBodyBytes <= 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:MaxRequestBodyBytes must be positive (got {MaxRequestBodyBytes})"));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:RequestTimeout must be positive");
        }

        if (MaxRateLimitRetries < 0 || MaxReadRetries < 0)
        {
            errors.Add($"{SectionName}:MaxRateLimitRetries and {SectionName}:MaxReadRetries must not be negative");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:MaxRetryAfter must not be negative");
        }

        if (EventDeduplicationWindow <= TimeSpan.Zero || EventDeduplicationCapacity <= 0)
        {
            errors.Add($"{SectionName}:EventDeduplicationWindow and {SectionName}:EventDeduplicationCapacity must be positive");
        }

        foreach (var origin in AdditionalAllowedOrigins)
        {
            if (!origin.IsAbsoluteUri)
            {
                errors.Add($"{SectionName}:AdditionalAllowedOrigins entries must be absolute URLs (got '{origin}')");
            }
        }

        return errors;
    }

    /// <summary>
    /// Whether a workspace may use the bot. The host decides what to answer a workspace that may not
    /// (usually a polite ephemeral message, never silence).
    /// </summary>
    public bool IsTeamAllowed(string? teamId)
    {
        if (AllowedTeamIds.Count == 0)
        {
            return true;
        }

        return !string.IsNullOrEmpty(teamId) && AllowedTeamIds.Contains(teamId, StringComparer.Ordinal);
    }
}
