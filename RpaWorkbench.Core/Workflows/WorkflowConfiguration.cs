using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Workflows;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ToTable("Workflows");
        builder.Property(w => w.Name).HasMaxLength(Workflow.MaxNameLength);
        builder.HasIndex(w => w.Name).IsUnique();
        builder.Property(w => w.Description).HasMaxLength(Workflow.MaxDescriptionLength);
        builder.Property(w => w.Schedule).HasMaxLength(128);
        builder.Property(w => w.CreatedBy).HasMaxLength(256);
        builder.Property(w => w.Version).IsConcurrencyToken();
    }
}

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> builder)
    {
        builder.ToTable("WorkflowVersions");
        builder.Property(v => v.Definition).HasConversion(WorkflowDefinitionJson.Converter, WorkflowDefinitionJson.Comparer);
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.HasIndex(v => new { v.WorkflowId, v.Number }).IsUnique();
        builder.HasOne(v => v.Workflow).WithMany().HasForeignKey(v => v.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowRunConfiguration : IEntityTypeConfiguration<WorkflowRun>
{
    public void Configure(EntityTypeBuilder<WorkflowRun> builder)
    {
        builder.ToTable("WorkflowRuns");
        builder.Property(r => r.State).HasConversion<SnakeCaseEnumConverter<WorkflowRunState>>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasConversion<SnakeCaseEnumConverter<WorkflowTrigger>>().HasMaxLength(16);
        builder.Property(r => r.Inputs).HasConversion(StringMapColumn.Converter, StringMapColumn.Comparer);
        builder.Property(r => r.Error).HasMaxLength(WorkflowRun.MaxErrorLength);
        builder.Property(r => r.StartedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // The engine's look-ups (open runs due), the lists (a workflow's runs, newest first).
        builder.HasIndex(r => new { r.State, r.NextWakeAt });
        builder.HasIndex(r => new { r.WorkflowId, r.CreatedAt });
        builder.HasIndex(r => r.CreatedAt);

        // A workflow's runs go with it; a version is kept while a run uses it.
        builder.HasOne(r => r.Workflow).WithMany().HasForeignKey(r => r.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.WorkflowVersion).WithMany().HasForeignKey(r => r.WorkflowVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkflowStepRunConfiguration : IEntityTypeConfiguration<WorkflowStepRun>
{
    public void Configure(EntityTypeBuilder<WorkflowStepRun> builder)
    {
        builder.ToTable("WorkflowStepRuns");
        builder.Property(s => s.StepName).HasMaxLength(WorkflowStep.MaxNameLength);
        builder.Property(s => s.State).HasConversion<SnakeCaseEnumConverter<WorkflowStepState>>().HasMaxLength(16);
        builder.Property(s => s.Error).HasMaxLength(WorkflowStepRun.MaxErrorLength);
        builder.Property(s => s.DecidedBy).HasMaxLength(256);
        builder.Property(s => s.Comment).HasMaxLength(WorkflowStepRun.MaxCommentLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.RunId, s.StepIndex, s.Attempt }).IsUnique();

        // The durations by step for progress and ETA (a workflow's succeeded attempts of a step name).
        builder.HasIndex(s => new { s.StepName, s.State });
        builder.HasIndex(s => s.DispatchRunId);
        builder.HasOne(s => s.Run).WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.DispatchRun).WithMany().HasForeignKey(s => s.DispatchRunId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WorkflowLogLineConfiguration : IEntityTypeConfiguration<WorkflowLogLine>
{
    public void Configure(EntityTypeBuilder<WorkflowLogLine> builder)
    {
        builder.ToTable("WorkflowLogLines");
        builder.Property(l => l.Level).HasConversion<SnakeCaseEnumConverter<WorkflowLogLevel>>().HasMaxLength(8);
        builder.Property(l => l.Message).HasMaxLength(WorkflowLogLine.MaxMessageLength);
        builder.HasIndex(l => new { l.RunId, l.Id });
        builder.HasOne<WorkflowRun>().WithMany().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WorkflowStepRun>().WithMany().HasForeignKey(l => l.StepRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
