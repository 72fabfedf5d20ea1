using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class DigestListPostConfiguration : IEntityTypeConfiguration<DigestListPost>
{
    public void Configure(EntityTypeBuilder<DigestListPost> b)
    {
        b.ToTable("digest_list_posts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.Platform).HasColumnName("platform").HasMaxLength(16);
        b.Property(x => x.Thread).HasColumnName("thread").HasMaxLength(DigestLimits.Conversation);
        b.Property(x => x.ListKey).HasColumnName("list_key").HasMaxLength(Limits.Label);
        b.Property(x => x.PostedBy).HasColumnName("posted_by").HasMaxLength(Limits.Name);
        b.Property(x => x.PostedAtUtc).HasColumnName("posted_at_utc");

        // Once per list per digest: whoever inserts this key first posts the list; a second click finds the row.
        b.HasIndex(x => new { x.Platform, x.Thread, x.ListKey }).IsUnique().HasDatabaseName("ux_digest_list_posts_thread_list");
        b.HasIndex(x => x.PostedAtUtc).HasDatabaseName("ix_digest_list_posts_posted_at");
    }
}
