using Microsoft.EntityFrameworkCore.Design;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the SQLite model without the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlatformBotDbContext>
{
    public PlatformBotDbContext CreateDbContext(string[] args) =>
        new(new StoreConnection(StorageProvider.Sqlite, "Data Source=design-time.db", 30).CreateOptions());
}
