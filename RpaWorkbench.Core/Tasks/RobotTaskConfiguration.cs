using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Tasks;

internal sealed class RobotTaskConfiguration : IEntityTypeConfiguration<RobotTask>
{
    public void Configure(EntityTypeBuilder<RobotTask> builder)
    {
        builder.Property(t => t.TaskName).HasMaxLength(128);
        builder.Property(t => t.AppName).HasMaxLength(200);
        builder.Property(t => t.CronExpression).HasMaxLength(128);
        builder.Property(t => t.ConfigFileKey).HasMaxLength(512);
        builder.Property(t => t.CurrentRunId).HasMaxLength(64);
        builder.Property(t => t.Parameters).HasConversion(TaskParameterColumn.Converter, TaskParameterColumn.Comparer)
            .HasDefaultValueSql("'[]'");
        builder.Property(t => t.CurrentJobUuid).HasMaxLength(ShadowBotTaskSettings.MaxUuidLength);
        builder.OwnsOne(t => t.ShadowBot, shadowBot =>
        {
            // Required: a task has ShadowBot settings exactly when it names the app (EF tells "none" from "all empty" by it).
            shadowBot.Property(s => s.RobotUuid).HasMaxLength(ShadowBotTaskSettings.MaxUuidLength).IsRequired();
            shadowBot.Property(s => s.GroupUuid).HasMaxLength(ShadowBotTaskSettings.MaxUuidLength);
            shadowBot.Property(s => s.ExecuteScope).HasConversion<string>().HasMaxLength(8);
            shadowBot.Property(s => s.Priority).HasConversion<string>().HasMaxLength(8);
            shadowBot.Property(s => s.FileParam).HasMaxLength(ShadowBotTaskSettings.MaxParamNameLength);
        });

        builder.OwnsOne(t => t.Dify, dify =>
        {
            dify.Property(d => d.BaseUrl).HasMaxLength(Dify.DifyTaskSettings.MaxBaseUrlLength).IsRequired();
            dify.Property(d => d.ApiKeyProtected).HasMaxLength(Dify.DifyTaskSettings.MaxProtectedKeyLength).IsRequired();
        });

        // Deleting an account that still has tasks must be a deliberate choice (AccountService), never a cascade.
        builder.HasOne(t => t.Account).WithMany(a => a.Tasks).HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);

        // A deleted group sends the task's queued runs to its account again.
        builder.HasOne(t => t.Group).WithMany().HasForeignKey(t => t.GroupId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(t => t.Status);
        builder.HasIndex(t => t.AccountId);
        builder.HasIndex(t => t.AppName);
        builder.HasIndex(t => t.TriggerTime);
        builder.HasIndex(t => t.CreatedAt);
    }
}
