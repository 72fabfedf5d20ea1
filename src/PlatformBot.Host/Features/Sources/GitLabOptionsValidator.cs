using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Sources:GitLab at start-up: every instance has an http(s) BaseUrl and a token, and no token is written in a JSON
/// settings file (appsettings*.json, a --config file): a token lives in the environment or in user-secrets, which are
/// not checked in or copied with the binary.
/// </summary>
internal sealed class GitLabOptionsValidator(IConfiguration configuration) : IValidateOptions<GitLabOptions>
{
    public ValidateOptionsResult Validate(string? name, GitLabOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Schedule) && !Quartz.CronExpression.TryParse(options.Schedule, out _))
        {
            errors.Add($"{GitLabOptions.Section}:Schedule '{options.Schedule}' is not a Quartz cron expression.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.MaxAttempts < 1 || options.MaxRetryAfter < TimeSpan.Zero || options.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{GitLabOptions.Section}: Timeout must be positive, MaxAttempts at least 1, MaxRetryAfter and RetryDelay not negative.");
        }

        foreach (var (instance, settings) in options.Instances)
        {
            var key = $"{GitLabOptions.Section}:Instances:{instance}";
            if (settings.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{key}:BaseUrl must be an http(s) address such as https://gitlab.example.com.");
            }

            if (SecretSettings.JsonFileSetting(configuration, $"{key}:Token") is { } file)
            {
                errors.Add($"{key}:Token is written in {file}: a token comes from the environment ({SecretSettings.Variable(key)}__Token) or user-secrets only. Remove it from the file and revoke it if the file was shared.");
            }
            else if (string.IsNullOrWhiteSpace(settings.Token))
            {
                errors.Add($"{key}:Token is missing: set {SecretSettings.Variable(key)}__Token in the environment or {key}:Token in user-secrets (a personal access token with read_service_ping).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
