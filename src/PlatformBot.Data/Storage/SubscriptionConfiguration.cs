using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

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
