using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PlatformBot.Data.Entities;

namespace PlatformBot.Data.Storage;

internal sealed class MetricColumnConfiguration : IEntityTypeConfiguration<MetricColumn>
{
    public void Configure(EntityTypeBuilder<MetricColumn> b)
    {
        b.ToTable("metric_columns");
        b.HasKey(x => x.Ordinal);
        b.Property(x => x.Ordinal).HasColumnName("ordinal").ValueGeneratedNever();
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(Limits.Label);
        b.HasIndex(x => x.Name).IsUnique().HasDatabaseName("ux_metric_columns_name");
    }
}
