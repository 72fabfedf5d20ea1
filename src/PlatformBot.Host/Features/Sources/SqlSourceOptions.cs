using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Sources;

/// <summary>One warehouse or CRM query (Sources:Sql:NAME) whose result is imported as a file of its kind would be.</summary>
public sealed class SqlSourceOptions
{
    /// <summary>accounts, subscriptions, usage or instance-map: the CSV contract (docs/data-formats.md) the query's columns follow.</summary>
    public string? Kind { get; set; }

    /// <summary>The warehouse's database: Postgres, SqlServer or Sqlite (the names Storage:Provider uses).</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>
    /// From the environment (Sources__Sql__NAME__ConnectionString) or user-secrets: start-up refuses one that carries a
    /// password in a JSON settings file. Never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQL; its column names are the CSV header (alias them: <c>SELECT crm_id AS account_id, ...</c>).</summary>
    public string? Query { get; set; }

    /// <summary>The result is the whole truth (accounts and subscriptions only): the semantics of `import --replace`.</summary>
    public bool Replace { get; set; }

    /// <summary>Let a replace end or archive more than half of the active ones (`--allow-large-replace`); without it such a run writes nothing.</summary>
    public bool AllowLargeReplace { get; set; }

    /// <summary>A Quartz cron expression in Scoring:TimeZone; by default the GitLab pull's, before the weekly scoring. Empty = by hand only.</summary>
    public string Schedule { get; set; } = SourceSchedules.BeforeWeeklyScoring;

    /// <summary>How long the query may run before the run fails.</summary>
    public int CommandTimeoutSeconds { get; set; } = 600;
}
