using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

// Table and column names are snake_case so hand-written bulk SQL (importer, scoring reads) reads
// naturally on every provider. Ids are bounded so SQL Server can index them.

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(x => x.AccountId);
        b.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(Limits.Id);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(Limits.Name);
        b.Property(x => x.NameKey).HasColumnName("name_key").HasMaxLength(Limits.Name);
        b.Property(x => x.Segment).HasColumnName("segment").HasMaxLength(Limits.Label);
        b.Property(x => x.Region).HasColumnName("region").HasMaxLength(Limits.Label);
        b.Property(x => x.CsmEmail).HasColumnName("csm").HasMaxLength(Limits.Email);
        b.Property(x => x.OwnerEmail).HasColumnName("owner").HasMaxLength(Limits.Email);
        b.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at_utc");
        b.Property(x => x.ArchivedAtUtc).HasColumnName("archived_at_utc");
        b.HasIndex(x => x.NameKey).HasDatabaseName("ix_accounts_name_key");
        // The KPI and digests ask "which accounts were archived by this date" for every snapshot date they read.
        b.HasIndex(x => x.ArchivedAtUtc).HasDatabaseName("ix_accounts_archived_at_utc");
        b.HasIndex(x => x.CsmEmail).HasDatabaseName("ix_accounts_csm");
        b.HasIndex(x => x.OwnerEmail).HasDatabaseName("ix_accounts_owner");
        b.HasMany(x => x.Subscriptions).WithOne(x => x.Account).HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> b)
    {
        b.ToTable("subscriptions");
        b.HasKey(x => x.SubscriptionId);
        b.Property(x => x.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(Limits.Id);
        b.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(Limits.Id);
        b.Property(x => x.Plan).HasColumnName("plan").HasMaxLength(Limits.Label);
        b.Property(x => x.ArrCents).HasColumnName("arr_cents");
        b.Property(x => x.Delivery).HasColumnName("delivery").HasMaxLength(Limits.Label);
        b.Property(x => x.CustomerSince).HasColumnName("customer_since");
        b.Property(x => x.EndDate).HasColumnName("end_date");
        b.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at_utc");
        b.HasIndex(x => x.AccountId).HasDatabaseName("ix_subscriptions_account_id");
    }
}

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> b)
    {
        b.ToTable("instances");
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).HasColumnName("instance_id").HasMaxLength(Limits.Id);
        b.Property(x => x.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(Limits.Id);
        b.Property(x => x.InstanceType).HasColumnName("instance_type").HasMaxLength(Limits.Label);
        b.Property(x => x.LastSnapshotDate).HasColumnName("last_snapshot_date");
        b.HasIndex(x => x.SubscriptionId).HasDatabaseName("ix_instances_subscription_id");
    }
}

internal sealed class UsageRowConfiguration : IEntityTypeConfiguration<UsageRow>
{
    public void Configure(EntityTypeBuilder<UsageRow> b)
    {
        b.ToTable("usage_rows");
        b.HasKey(x => new { x.InstanceId, x.SnapshotDate });
        b.Property(x => x.InstanceId).HasColumnName("instance_id").HasMaxLength(Limits.Id);
        b.Property(x => x.SnapshotDate).HasColumnName("snapshot_date");
        b.Property(x => x.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(Limits.Id);
        b.Property(x => x.InstanceType).HasColumnName("instance_type").HasMaxLength(Limits.Label);
        b.Property(x => x.Metrics).HasColumnName("metrics").HasMaxLength(Limits.MetricVector);
    }
}

internal sealed class MetricColumnConfiguration : IEntityTypeConfiguration<MetricColumn>
{
    public void Configure(EntityTypeBuilder<MetricColumn> b)
    {
        b.ToTable("metric_columns");
        b.HasKey(x => x.Ordinal);
        b.Property(x => x.Ordinal).HasColumnName("ordinal").ValueGeneratedNever();
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(Limits.Label);
        b.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_metric_columns_name");
    }
}

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    public void Configure(EntityTypeBuilder<ScoreSnapshot> b)
    {
        b.ToTable("score_snapshots");
        b.HasKey(x => new { x.AccountId, x.AsOf });
        b.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(Limits.Id);
        b.Property(x => x.AsOf).HasColumnName("as_of");
        b.Property(x => x.ModelVersion).HasColumnName("model_version").HasMaxLength(Limits.Label);
        b.Property(x => x.ArrCents).HasColumnName("arr_cents");
        b.Property(x => x.AdoptionScore).HasColumnName("adoption_score");
        b.Property(x => x.Level).HasColumnName("level").HasMaxLength(16);
        b.Property(x => x.UseCases).HasColumnName("use_cases").HasMaxLength(Limits.UseCaseJson);
        b.Property(x => x.LicenseUtilization).HasColumnName("license_utilization");
        b.Property(x => x.ProductUsageScore).HasColumnName("product_usage_score");
        b.Property(x => x.DataAsOf).HasColumnName("data_as_of");
        b.Property(x => x.ComputedAtUtc).HasColumnName("computed_at_utc");
        // KPI and digests read a whole date at once.
        b.HasIndex(x => x.AsOf).HasDatabaseName("ix_score_snapshots_as_of");
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.AtUtc).HasColumnName("at_utc");
        b.Property(x => x.Actor).HasColumnName("actor").HasMaxLength(Limits.Name);
        b.Property(x => x.Surface).HasColumnName("surface").HasMaxLength(Limits.Label);
        b.Property(x => x.Action).HasColumnName("action").HasMaxLength(Limits.Label);
        b.Property(x => x.Subject).HasColumnName("subject").HasMaxLength(Limits.Name);
        b.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(Limits.Detail);
        b.HasIndex(x => x.AtUtc).HasDatabaseName("ix_audit_entries_at_utc");
    }
}

/// <summary>Column lengths, shared with the importer's validation so an over-long value is a clear error, not a truncation.</summary>
public static class Limits
{
    public const int Id = 64;
    public const int Name = 256;
    public const int Label = 64;
    public const int Email = 320;
    public const int MetricVector = 2000;
    public const int UseCaseJson = 4000;
    public const int Detail = 1000;
}
