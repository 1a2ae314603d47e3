using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Batches;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    private static readonly ValueConverter<IReadOnlyList<string>, string> ColumnsConverter = new(
        columns => JsonSerializer.Serialize(columns, JsonSerializerOptions.Default),
        text => JsonSerializer.Deserialize<List<string>>(text, JsonSerializerOptions.Default) ?? new List<string>());

    private static readonly ValueComparer<IReadOnlyList<string>> ColumnsComparer = new(
        (left, right) => left!.SequenceEqual(right!),
        columns => columns.Aggregate(0, (hash, column) => HashCode.Combine(hash, column)),
        columns => columns.ToList());

    public void Configure(EntityTypeBuilder<Batch> builder)
    {
        builder.ToTable("Batches");
        builder.Property(b => b.Name).HasMaxLength(Batch.MaxNameLength);
        builder.Property(b => b.State).HasConversion<SnakeCaseEnumConverter<BatchState>>().HasMaxLength(16);
        builder.Property(b => b.Priority).HasConversion<int>();
        builder.Property(b => b.Columns).HasConversion(ColumnsConverter, ColumnsComparer);
        builder.Property(b => b.SourceFileName).HasMaxLength(Batch.MaxFileNameLength);
        builder.Property(b => b.CreatedBy).HasMaxLength(256);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasIndex(b => b.CreatedAt);
        builder.HasIndex(b => b.State);
        builder.HasIndex(b => b.TaskId);

        // A task with batches is deleted with them (its runs' logs stay).
        builder.HasOne(b => b.Task).WithMany().HasForeignKey(b => b.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BatchItemConfiguration : IEntityTypeConfiguration<BatchItem>
{
    public void Configure(EntityTypeBuilder<BatchItem> builder)
    {
        builder.ToTable("BatchItems");
        builder.Property(i => i.Values).HasConversion(StringMapColumn.Converter, StringMapColumn.Comparer);
        builder.Property(i => i.State).HasConversion<SnakeCaseEnumConverter<BatchItemState>>().HasMaxLength(16);
        builder.Property(i => i.RunKey).HasMaxLength(32);
        builder.Property(i => i.RunId).HasMaxLength(Dispatch.DispatchRun.MaxRunIdLength);
        builder.Property(i => i.LastError).HasMaxLength(BatchItem.MaxErrorLength);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.BatchId, i.RowNumber }).IsUnique();
        builder.HasIndex(i => new { i.BatchId, i.State });
        builder.HasOne(i => i.Batch).WithMany().HasForeignKey(i => i.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}
