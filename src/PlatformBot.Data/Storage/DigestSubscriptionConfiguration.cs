using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class DigestSubscriptionConfiguration : IEntityTypeConfiguration<DigestSubscription>
{
    public void Configure(EntityTypeBuilder<DigestSubscription> b)
    {
        b.ToTable("digest_subscriptions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.Platform).HasColumnName("platform").HasMaxLength(16);
        b.Property(x => x.ChannelId).HasColumnName("channel_id").HasMaxLength(DigestLimits.Channel);
        b.Property(x => x.ServiceUrl).HasColumnName("service_url").HasMaxLength(DigestLimits.Url);
        b.Property(x => x.TenantId).HasColumnName("tenant_id").HasMaxLength(Limits.Id);
        b.Property(x => x.ConversationId).HasColumnName("conversation_id").HasMaxLength(DigestLimits.Conversation);
        b.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(x => x.Segment).HasColumnName("segment").HasMaxLength(Limits.Label);
        b.Property(x => x.Region).HasColumnName("region").HasMaxLength(Limits.Label);
        b.Property(x => x.OwnerEmail).HasColumnName("owner").HasMaxLength(Limits.Email);
        b.Property(x => x.CsmEmail).HasColumnName("csm").HasMaxLength(Limits.Email);
        b.Property(x => x.Plan).HasColumnName("plan").HasMaxLength(Limits.Label);
        b.Property(x => x.UseCase).HasColumnName("use_case").HasMaxLength(Limits.Label);
        b.Property(x => x.Day).HasColumnName("day").HasMaxLength(3);
        b.Property(x => x.Time).HasColumnName("time").HasMaxLength(5);
        b.Property(x => x.TimeZone).HasColumnName("time_zone").HasMaxLength(Limits.Label);
        b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(Limits.Name);
        b.Property(x => x.CreatedAtUtc).HasColumnName("created_at_utc");
        b.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at_utc");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.StatusReason).HasColumnName("status_reason").HasMaxLength(Limits.Detail);
        b.Property(x => x.StatusChangedAtUtc).HasColumnName("status_changed_at_utc");
        b.Property(x => x.SkipWhenNoChanges).HasColumnName("skip_when_no_changes");
        b.Property(x => x.PersonKey).HasColumnName("person_key").HasMaxLength(Limits.Email);
        b.Property(x => x.PersonalChoice).HasColumnName("personal_choice");
        b.HasIndex(x => new { x.Platform, x.ChannelId }).HasDatabaseName("ix_digest_subscriptions_channel");

        // One personal digest per person: the delivery guard (subscription, week) then holds per person and week.
        b.HasIndex(x => x.PersonKey).IsUnique().HasDatabaseName("ux_digest_subscriptions_person");
    }
}
