using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Dispatch;

internal sealed class DispatchRunConfiguration : IEntityTypeConfiguration<DispatchRun>
{
    public void Configure(EntityTypeBuilder<DispatchRun> builder)
    {
        builder.ToTable("DispatchRuns");
        builder.Property(r => r.RunId).HasMaxLength(DispatchRun.MaxRunIdLength);
        builder.HasIndex(r => r.RunId).IsUnique();
        builder.Property(r => r.Priority).HasConversion<int>();
        builder.Property(r => r.State).HasConversion<SnakeCaseEnumConverter<DispatchRunState>>().HasMaxLength(16);
        builder.Property(r => r.Parameters).HasConversion(StringMapColumn.Converter, StringMapColumn.Comparer).HasDefaultValueSql("'{}'");
        builder.Property(r => r.JobUuid).HasMaxLength(128);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // The queue in the order it is served; the robots' and batches' runs in flight.
        builder.HasIndex(r => new { r.State, r.Priority, r.EnqueuedAt, r.Id });
        builder.HasIndex(r => new { r.AccountId, r.State });
        builder.HasIndex(r => new { r.BatchId, r.State });
        builder.HasIndex(r => r.BatchItemId);
        builder.HasIndex(r => r.TaskId);

        // A task's or batch's queue goes with it; a run's robot or group going away leaves the record.
        builder.HasOne(r => r.Task).WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Batch).WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.BatchItem).WithMany().HasForeignKey(r => r.BatchItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Account).WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(r => r.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.TargetGroup).WithMany().HasForeignKey(r => r.TargetGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
