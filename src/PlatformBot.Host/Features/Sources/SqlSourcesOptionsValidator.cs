using Microsoft.Extensions.Options;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// Sources:Sql at start-up, each problem naming its key: a known kind and provider, a query, a connection string the
/// provider can parse, that does not carry a password in a JSON settings file (the GitLab token's rule), a replace only
/// where a file may state the whole truth, a cron schedule and a positive timeout.
/// </summary>
internal sealed class SqlSourcesOptionsValidator(IConfiguration configuration) : IValidateOptions<SqlSourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SqlSourcesOptions options)
    {
        var errors = new List<string>();
        foreach (var (source, settings) in options.Sources)
        {
            var key = $"{SqlSourcesOptions.Section}:{source}";
            if (!ImportKinds.TryParse(settings.Kind, out var kind))
            {
                errors.Add($"{key}:Kind '{settings.Kind}' must be accounts, subscriptions, usage or instance-map.");
            }
            else if (settings.Replace && !ImportKinds.Replaceable(kind))
            {
                errors.Add($"{key}:Replace applies to accounts and subscriptions only: usage is history (Retention:UsageDays) and an instance map row replaces its own mapping.");
            }

            if (settings.Provider is not { } provider)
            {
                errors.Add($"{key}:Provider is missing: Postgres, SqlServer or Sqlite.");
            }
            else if (ConnectionProblem(key, provider, settings.ConnectionString) is { } problem)
            {
                errors.Add(problem);
            }

            if (string.IsNullOrWhiteSpace(settings.Query))
            {
                errors.Add($"{key}:Query is missing: the SQL whose columns are named as in the {settings.Kind} CSV format (docs/data-formats.md).");
            }

            if (!string.IsNullOrWhiteSpace(settings.Schedule) && !Quartz.CronExpression.TryParse(settings.Schedule, out _))
            {
                errors.Add($"{key}:Schedule '{settings.Schedule}' is not a Quartz cron expression.");
            }

            if (settings.CommandTimeoutSeconds < 1)
            {
                errors.Add($"{key}:CommandTimeoutSeconds ({settings.CommandTimeoutSeconds}) must be at least 1.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private string? ConnectionProblem(string key, StorageProvider provider, string? connectionString)
    {
        var setting = key + ":ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{setting} is missing: set {SecretSettings.Variable(setting)} in the environment or {setting} in user-secrets.";
        }

        // Parsed by the provider itself (no connection is opened): a bad keyword fails here, not at 04:00 on Monday.
        if (QuerySource.ConnectionStringProblem(provider, connectionString) is { } problem)
        {
            return $"{setting} is not a valid {provider} connection string: {problem}";
        }

        if (QuerySource.HasPassword(connectionString) && SecretSettings.JsonFileSetting(configuration, setting) is { } file)
        {
            return $"{setting} carries a password and is written in {file}: a connection string with a password comes from the environment " +
                $"({SecretSettings.Variable(setting)}) or user-secrets only. Remove it from the file and change the password if the file was shared.";
        }

        return null;
    }
}
