using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    public void Configure(EntityTypeBuilder<ScoreSnapshot> b)
    {
        b.ToTable("score_snapshots");
        b.HasKey(x => new { x.AccountId, x.AsOf });
        b.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(Limits.Id);
        b.Property(x => x.AsOf).HasColumnName("as_of");
        b.Property(x => x.ModelVersion).HasColumnName("model_version").HasMaxLength(Limits.Label);
        b.Property(x => x.ArrCents).HasColumnName("arr_cents");
        b.Property(x => x.AdoptionScore).HasColumnName("adoption_score");
        b.Property(x => x.Level).HasColumnName("level").HasMaxLength(16);
        b.Property(x => x.UseCases).HasColumnName("use_cases").HasMaxLength(Limits.UseCaseJson);
        b.Property(x => x.LicenseUtilization).HasColumnName("license_utilization");
        b.Property(x => x.ProductUsageScore).HasColumnName("product_usage_score");
        b.Property(x => x.DataAsOf).HasColumnName("data_as_of");
        b.Property(x => x.ComputedAtUtc).HasColumnName("computed_at_utc");
        // KPI and digests read a whole date at once.
        b.HasIndex(x => x.AsOf).HasDatabaseName("ix_score_snapshots_as_of");
    }
}
