using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

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
