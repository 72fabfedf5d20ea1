using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class TeamsConversationConfiguration : IEntityTypeConfiguration<TeamsConversation>
{
    public void Configure(EntityTypeBuilder<TeamsConversation> b)
    {
        b.ToTable("teams_conversations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.ConversationId).HasColumnName("conversation_id").HasMaxLength(DigestLimits.Conversation);
        b.Property(x => x.ServiceUrl).HasColumnName("service_url").HasMaxLength(DigestLimits.Url);
        b.Property(x => x.BotChannel).HasColumnName("bot_channel").HasMaxLength(32);
        b.Property(x => x.ConversationType).HasColumnName("conversation_type").HasMaxLength(32);
        b.Property(x => x.IsGroup).HasColumnName("is_group");
        b.Property(x => x.TenantId).HasColumnName("tenant_id").HasMaxLength(Limits.Id);
        b.Property(x => x.BotId).HasColumnName("bot_id").HasMaxLength(Limits.Name);
        b.Property(x => x.BotName).HasColumnName("bot_name").HasMaxLength(Limits.Name);
        b.Property(x => x.UserId).HasColumnName("user_id").HasMaxLength(Limits.Name);
        b.Property(x => x.UserAadObjectId).HasColumnName("user_aad_object_id").HasMaxLength(Limits.Id);
        b.Property(x => x.UserName).HasColumnName("user_name").HasMaxLength(Limits.Name);
        b.Property(x => x.TeamId).HasColumnName("team_id").HasMaxLength(DigestLimits.Channel);
        b.Property(x => x.TeamsChannelId).HasColumnName("teams_channel_id").HasMaxLength(DigestLimits.Channel);
        b.Property(x => x.UnreachableSinceUtc).HasColumnName("unreachable_since_utc");
        b.Property(x => x.UnreachableReason).HasColumnName("unreachable_reason").HasMaxLength(200);
        b.Property(x => x.WelcomedAtUtc).HasColumnName("welcomed_at_utc");
        b.Property(x => x.CreatedAtUtc).HasColumnName("created_at_utc");
        b.Property(x => x.UpdatedAtUtc).HasColumnName("updated_at_utc");

        // Conversation ids are unique across Teams; the unique index makes a concurrent second insert of the same
        // conversation fail (and become an update) instead of leaving two references to choose between. A surrogate
        // key because SQL Server's clustered key is limited to 900 bytes and conversation ids may be long.
        b.HasIndex(x => x.ConversationId).IsUnique().HasDatabaseName("ux_teams_conversations_conversation");
        b.HasIndex(x => x.TeamId).HasDatabaseName("ix_teams_conversations_team");
        b.HasIndex(x => x.TeamsChannelId).HasDatabaseName("ix_teams_conversations_channel");
    }
}
