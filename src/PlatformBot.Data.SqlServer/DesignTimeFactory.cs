using Microsoft.EntityFrameworkCore.Design;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.SqlServer;

/// <summary>Lets `dotnet ef migrations add` build the SQL Server model without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlatformBotDbContext>
{
    public PlatformBotDbContext CreateDbContext(string[] args) =>
        new(new StoreConnection(StorageProvider.SqlServer, "Server=design-time;Database=platformbot;Integrated Security=true;TrustServerCertificate=true", 30).CreateOptions());
}
