using Microsoft.EntityFrameworkCore.Design;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlatformBotDbContext>
{
    public PlatformBotDbContext CreateDbContext(string[] args) =>
        new(new StoreConnection(StorageProvider.Postgres, "Host=design-time;Database=platformbot;Username=platformbot", 30).CreateOptions());
}
