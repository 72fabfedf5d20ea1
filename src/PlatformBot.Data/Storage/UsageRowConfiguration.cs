using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

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
