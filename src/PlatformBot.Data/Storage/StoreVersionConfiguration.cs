using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class StoreVersionConfiguration : IEntityTypeConfiguration<StoreVersion>
{
    public void Configure(EntityTypeBuilder<StoreVersion> b)
    {
        // One row, created by the migration: writers only ever UPDATE it, so it must be there, and only it.
        b.ToTable("store_version", t => t.HasCheckConstraint("ck_store_version_one_row", "id = 1"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Version).HasColumnName("version");
        b.Property(x => x.AccountsVersion).HasColumnName("accounts_version");
        b.HasData(new StoreVersion { Id = StoreVersion.RowId, Version = 0, AccountsVersion = 0 });
    }
}
