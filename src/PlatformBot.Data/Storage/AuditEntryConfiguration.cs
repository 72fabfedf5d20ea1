using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

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
