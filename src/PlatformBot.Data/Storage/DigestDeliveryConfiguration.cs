using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class DigestDeliveryConfiguration : IEntityTypeConfiguration<DigestDelivery>
{
    public void Configure(EntityTypeBuilder<DigestDelivery> b)
    {
        b.ToTable("digest_deliveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.SubscriptionId).HasColumnName("subscription_id");
        b.Property(x => x.PeriodKey).HasColumnName("period_key").HasMaxLength(16);
        b.Property(x => x.AsOf).HasColumnName("as_of");
        b.Property(x => x.DataDate).HasColumnName("data_date");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(16);
        b.Property(x => x.ClaimToken).HasColumnName("claim_token").HasMaxLength(Limits.Label);
        b.Property(x => x.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(Limits.Name);
        b.Property(x => x.ClaimedAtUtc).HasColumnName("claimed_at_utc");
        b.Property(x => x.CompletedAtUtc).HasColumnName("completed_at_utc");
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.MessageId).HasColumnName("message_id").HasMaxLength(DigestLimits.Conversation);
        b.Property(x => x.Channel).HasColumnName("channel").HasMaxLength(DigestLimits.Conversation);
        b.Property(x => x.Mode).HasColumnName("mode").HasMaxLength(16);
        b.Property(x => x.Error).HasColumnName("error").HasMaxLength(Limits.Detail);

        // The never-twice guarantee: whoever inserts this key first owns the period (ADR 0004). No foreign key to
        // the subscription: the log outlives a removed subscription.
        b.HasIndex(x => new { x.SubscriptionId, x.PeriodKey }).IsUnique().HasDatabaseName("ux_digest_deliveries_subscription_period");
        b.HasIndex(x => new { x.Status, x.ClaimedAtUtc }).HasDatabaseName("ix_digest_deliveries_status_claimed");
    }
}
