using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Definitions;

/// <summary>
/// Workflows and their versioned definitions. Any signed-in role reads; operators and admins write. Saving a changed
/// definition writes the next version (runs keep the version they started with); an unchanged one writes none. Every
/// change is checked (<see cref="WorkflowDefinitionRules"/>), audited, and published as <see cref="WorkflowChanged"/>
/// after the commit.
/// </summary>
public sealed partial class WorkflowService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    ICurrentUser user,
    AuditTrail audit,
    IWorkbenchEvents events,
    IOptions<WorkflowOptions> options)
{
    /// <summary>The code of a delete refused while runs of the workflow are open.</summary>
    public const string RunsOpenCode = "WorkflowRunsOpen";

    /// <summary>Creates a workflow with its definition as version 1.</summary>
    /// <exception cref="ValidationFailedException">Any field is refused (all of them named), or the name is taken.</exception>
    public async Task<WorkflowDetail> CreateAsync(WorkflowInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checkedInput = await CheckAsync(db, input, exceptId: null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var workflow = new Workflow
        {
            Name = checkedInput.Name!,
            Description = checkedInput.Description,
            Schedule = checkedInput.Schedule,
            ScheduledThrough = checkedInput.Schedule is null ? null : now,
            LatestVersion = 1,
            CreatedBy = audit.ActorName(),
            CreatedAt = now,
            UpdatedAt = now,
        };

        // The version and the audit entry name the new id, so the workflow is inserted first; the transaction keeps them together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Workflows.Add(workflow);
        await SaveAsync(db, cancellationToken);
        db.WorkflowVersions.Add(NewVersion(workflow, checkedInput.Definition!, now));
        audit.Record(db, AuditActions.WorkflowCreated, Target(workflow), Changes(null, Snapshot.Of(workflow)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new WorkflowChanged(workflow.Id)]);
        return (await GetAsync(workflow.Id, null, cancellationToken))!;
    }

    /// <summary>Changes name, description and schedule; a changed definition becomes the next version.</summary>
    /// <exception cref="ValidationFailedException">Any field is refused, or the name is taken.</exception>
    /// <exception cref="RuleViolationException">No such workflow, or it changed since <see cref="WorkflowInput.Version"/>.</exception>
    public async Task<WorkflowDetail> UpdateAsync(long id, WorkflowInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workflow = await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) ?? throw NotFound(id);
        var editedVersion = input.Version ?? workflow.Version;
        if (editedVersion != workflow.Version)
        {
            throw ConcurrencyConflict();
        }

        var checkedInput = await CheckAsync(db, input, exceptId: id, cancellationToken);
        var latest = await db.WorkflowVersions.AsNoTracking()
            .SingleAsync(v => v.WorkflowId == id && v.Number == workflow.LatestVersion, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var before = Snapshot.Of(workflow);
        workflow.Name = checkedInput.Name!;
        workflow.Description = checkedInput.Description;
        if (workflow.Schedule != checkedInput.Schedule)
        {
            // A new schedule counts from now: it never fires the times that passed under the old one.
            workflow.Schedule = checkedInput.Schedule;
            workflow.ScheduledThrough = checkedInput.Schedule is null ? null : now;
        }

        if (!checkedInput.Definition!.Equals(latest.Definition))
        {
            workflow.LatestVersion++;
            db.WorkflowVersions.Add(NewVersion(workflow, checkedInput.Definition, now));
        }

        var changes = Changes(before, Snapshot.Of(workflow));
        if (!changes.IsEmpty)
        {
            workflow.UpdatedAt = now;
            workflow.Version = editedVersion + 1;
            audit.Record(db, AuditActions.WorkflowUpdated, Target(workflow), changes);
            await SaveAsync(db, cancellationToken);
            events.Publish([new WorkflowChanged(id)]);
        }

        return (await GetAsync(id, null, cancellationToken))!;
    }

    /// <summary>Deletes a workflow with its versions and finished runs.</summary>
    /// <exception cref="RuleViolationException">No such workflow, or a run of it is running or paused.</exception>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var workflow = await db.Workflows.SingleOrDefaultAsync(w => w.Id == id, cancellationToken) ?? throw NotFound(id);
        var open = await db.WorkflowRuns.CountAsync(r => r.WorkflowId == id
            && (r.State == WorkflowRunState.Running || r.State == WorkflowRunState.Paused), cancellationToken);
        if (open > 0)
        {
            throw new RuleViolationException(RunsOpenCode,
                $"Workflow \"{workflow.Name}\" has {open} run(s) running or paused; cancel them or let them finish before deleting it.", open);
        }

        // Runs hold their version (restrict), so they go first; their attempts and log lines go with them.
        await db.WorkflowRuns.Where(r => r.WorkflowId == id).ExecuteDeleteAsync(cancellationToken);
        await db.WorkflowVersions.Where(v => v.WorkflowId == id).ExecuteDeleteAsync(cancellationToken);
        audit.Record(db, AuditActions.WorkflowDeleted, Target(workflow), Changes(Snapshot.Of(workflow), null));
        db.Workflows.Remove(workflow);
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new WorkflowChanged(id)]);
    }

    /// <summary>The input normalized, or every refusal at once (the rules' and a taken name).</summary>
    private async Task<WorkflowInput> CheckAsync(WorkbenchDbContext db, WorkflowInput input, long? exceptId, CancellationToken cancellationToken)
    {
        var normalized = WorkflowDefinitionRules.Normalize(input);
        var taskIds = normalized.Definition!.Steps.Where(s => s.Task is not null).Select(s => s.Task!.TaskId).Distinct().ToList();
        var tasks = await StepTasks(db.Tasks.Where(t => taskIds.Contains(t.Id))).ToDictionaryAsync(t => t.Id, cancellationToken);
        var errors = WorkflowDefinitionRules.Validate(normalized, tasks, options.Value.Secrets.Keys).ToList();
        if (!errors.Any(e => e.Field == WorkflowDefinitionRules.NameField)
            && await db.Workflows.AnyAsync(w => w.Name == normalized.Name && w.Id != exceptId, cancellationToken))
        {
            errors.Insert(0, DuplicateName());
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : normalized;
    }

    private WorkflowVersion NewVersion(Workflow workflow, WorkflowDefinition definition, DateTime now) => new()
    {
        WorkflowId = workflow.Id,
        Number = workflow.LatestVersion,
        Definition = definition,
        CreatedBy = audit.ActorName(),
        CreatedAt = now,
    };

    private static Task SaveAsync(WorkbenchDbContext db, CancellationToken cancellationToken) =>
        DbErrors.SaveAsync(db, ConcurrencyConflict, DuplicateNameException, cancellationToken);

    private static AuditTarget Target(Workflow workflow) =>
        new(AuditTargetTypes.Workflow, workflow.Id.ToString(CultureInfo.InvariantCulture), workflow.Name);

    private static AuditChanges Changes(Snapshot? before, Snapshot? after) => new AuditChanges()
        .Field(WorkflowDefinitionRules.NameField, before?.Name, after?.Name)
        .Field(WorkflowDefinitionRules.DescriptionField, before?.Description, after?.Description)
        .Field(WorkflowDefinitionRules.ScheduleField, before?.Schedule, after?.Schedule)
        .Field("definition_version", before?.LatestVersion, after?.LatestVersion);

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Workflow {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "Someone else changed this workflow after you opened it; reload and try again.");

    private static FieldError DuplicateName() =>
        new(WorkflowDefinitionRules.NameField, WorkflowDefinitionRules.DuplicateNameCode, "A workflow with this name already exists.");

    private static ValidationFailedException DuplicateNameException() => new([DuplicateName()]);

    private sealed record Snapshot(string Name, string? Description, string? Schedule, string LatestVersion)
    {
        public static Snapshot Of(Workflow workflow) =>
            new(workflow.Name, workflow.Description, workflow.Schedule, workflow.LatestVersion.ToString(CultureInfo.InvariantCulture));
    }
}
