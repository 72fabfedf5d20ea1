using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class SourceRunConfiguration : IEntityTypeConfiguration<SourceRun>
{
    public void Configure(EntityTypeBuilder<SourceRun> b)
    {
        b.ToTable("source_runs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(Limits.Name);
        b.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(Limits.Label);
        b.Property(x => x.StartedAtUtc).HasColumnName("started_at_utc");
        b.Property(x => x.FinishedAtUtc).HasColumnName("finished_at_utc");
        b.Property(x => x.Rows).HasColumnName("row_count");
        b.Property(x => x.Outcome).HasColumnName("outcome").HasMaxLength(Limits.Label);
        b.Property(x => x.Error).HasColumnName("error").HasMaxLength(Limits.Detail);
        // The last run of each source (sources status, and a health check of stale sources) is read by this index.
        b.HasIndex(x => new { x.Source, x.Id }).HasDatabaseName("ix_source_runs_source_id");
    }
}
