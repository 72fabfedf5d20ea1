using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data;

public sealed class PlatformBotDbContext(DbContextOptions<PlatformBotDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<UsageRow> UsageRows => Set<UsageRow>();
    public DbSet<MetricColumn> MetricColumns => Set<MetricColumn>();
    public DbSet<ScoreSnapshot> ScoreSnapshots => Set<ScoreSnapshot>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<DigestDelivery> DigestDeliveries => Set<DigestDelivery>();
    public DbSet<DigestListPost> DigestListPosts => Set<DigestListPost>();
    public DbSet<TeamsConversation> TeamsConversations => Set<TeamsConversation>();
    public DbSet<StoreVersion> StoreVersions => Set<StoreVersion>();
    public DbSet<InstanceMapEntry> InstanceMap => Set<InstanceMapEntry>();
    public DbSet<SourceRun> SourceRuns => Set<SourceRun>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime we persist is UTC; read it back as UTC too.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformBotDbContext).Assembly);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
