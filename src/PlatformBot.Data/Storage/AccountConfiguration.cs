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
