using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class InstanceMapEntryConfiguration : IEntityTypeConfiguration<InstanceMapEntry>
{
    public void Configure(EntityTypeBuilder<InstanceMapEntry> b)
    {
        b.ToTable("instance_map");
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).HasColumnName("instance_id").HasMaxLength(Limits.Id);
        b.Property(x => x.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(Limits.Id);
        b.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at_utc");
        b.HasIndex(x => x.SubscriptionId).HasDatabaseName("ix_instance_map_subscription_id");
    }
}
