namespace PlatformBot.Data.Storage;

public enum StorageProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}
