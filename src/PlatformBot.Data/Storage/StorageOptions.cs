namespace PlatformBot.Data.Storage;

/// <summary>Bound from the "Storage" section; the connection string itself is ConnectionStrings:PlatformBot.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string ConnectionStringName = "PlatformBot";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Where the embedded SQLite file lives when no connection string is configured.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite only: apply migrations on first use. Server databases migrate on `platformbot migrate`.</summary>
    public bool AutoMigrateSqlite { get; set; } = true;

    /// <summary>Seconds a single command may run (imports and scoring of large stores need more than the default 30).</summary>
    public int CommandTimeoutSeconds { get; set; } = 600;
}
