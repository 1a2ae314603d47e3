using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Executions;

internal sealed class ExecutionLogConfiguration : IEntityTypeConfiguration<ExecutionLog>
{
    public void Configure(EntityTypeBuilder<ExecutionLog> builder)
    {
        builder.Property(l => l.ExecutionId).HasMaxLength(128);
        builder.Property(l => l.AppName).HasMaxLength(200);
        builder.Property(l => l.ShadowBotAccount).HasMaxLength(64);
        builder.Property(l => l.HostIp).HasMaxLength(253);
        builder.Property(l => l.ScreenshotUrl).HasMaxLength(2048);
        builder.Property(l => l.LogUrl).HasMaxLength(2048);
        builder.Property(l => l.ShadowBotJobUuid).HasMaxLength(128);

        // No index on the task and account ids (see UnindexedForeignKeyConvention): marked before the keys are declared.
        UnindexedForeignKeyConvention.LeaveUnindexed(builder.Property(l => l.TaskId));
        UnindexedForeignKeyConvention.LeaveUnindexed(builder.Property(l => l.AccountId));
        // Logs outlive the tasks and accounts they ran on; they keep the account and app names as text.
        builder.HasOne(l => l.Task).WithMany().HasForeignKey(l => l.TaskId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(l => l.Account).WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.SetNull);

        builder.Property(l => l.DedupKey).HasMaxLength(32);
        builder.HasIndex(l => l.DedupKey).IsUnique();
        // Every index costs each ingested row a page write: only those the logs page and dashboard filter on. Each
        // filter index leads with its column, then start time and id (the list's order, so a page is read in index
        // order), then carries the other two filter columns, so combined filters (a robot's failed runs) are checked
        // inside the index instead of looking up every row (measured: docs/adr/0006-indexes-are-a-budget.md).
        builder.HasIndex(l => l.StartTime);
        builder.HasIndex(l => new { l.Status, l.StartTime, l.Id, l.ShadowBotAccount, l.AppName });
        builder.HasIndex(l => new { l.ShadowBotAccount, l.StartTime, l.Id, l.Status, l.AppName });
        builder.HasIndex(l => new { l.AppName, l.StartTime, l.Id, l.Status, l.ShadowBotAccount });
    }
}
