using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows.Engine;

namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// What operators and programs do to workflow runs: start, pause, resume, cancel, restart from the failed step, and
/// decide an approval. Each action is checked, audited and committed in one transaction, then published as
/// <see cref="WorkflowRunChanged"/>; the workflow engine acts on the committed state (a run's
/// <see cref="WorkflowRun.NextWakeAt"/> set to now wakes it). Operators and admins act; an approval step may ask for
/// an admin.
/// </summary>
public sealed class WorkflowRunService
{
    private readonly IDbContextFactory<WorkbenchDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly ICurrentUser _user;
    private readonly AuditTrail _audit;
    private readonly IWorkbenchEvents _events;
    private readonly InFlightRuns _inFlight;
    private readonly WorkflowRunMover _mover;

    internal WorkflowRunService(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock, ICurrentUser user, AuditTrail audit,
        IWorkbenchEvents events, InFlightRuns inFlight, WorkflowRunMover mover)
    {
        (_contexts, _clock, _user, _audit, _events, _inFlight, _mover) = (contexts, clock, user, audit, events, inFlight, mover);
    }

    /// <summary>Starts a run of the workflow's newest version with <paramref name="inputs"/> checked against its declared inputs (defaults filled in).</summary>
    /// <exception cref="ValidationFailedException">An input is missing, unknown or of the wrong type (fields <c>inputs.&lt;name&gt;</c>).</exception>
    /// <exception cref="RuleViolationException">No such workflow.</exception>
    public async Task<WorkflowRun> StartAsync(long workflowId, IReadOnlyDictionary<string, string?>? inputs, WorkflowTrigger trigger,
        CancellationToken cancellationToken)
    {
        _user.RequireOperate();
        return await StartAsync(workflowId, inputs, trigger, _audit.ActorName(), cancellationToken);
    }

    /// <summary>A scheduled fire's run: the inputs' defaults, started by the Workbench itself (the scheduler's own caller).</summary>
    internal Task<WorkflowRun> StartScheduledAsync(long workflowId, CancellationToken cancellationToken) =>
        StartAsync(workflowId, null, WorkflowTrigger.Schedule, "schedule", cancellationToken);

    private async Task<WorkflowRun> StartAsync(long workflowId, IReadOnlyDictionary<string, string?>? inputs, WorkflowTrigger trigger,
        string startedBy, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workflowId, cancellationToken)
            ?? throw WorkflowNotFound(workflowId);
        var version = await db.WorkflowVersions.AsNoTracking()
            .SingleAsync(v => v.WorkflowId == workflowId && v.Number == workflow.LatestVersion, cancellationToken);
        var values = CheckInputs(version.Definition, inputs);
        // The run is created when its write begins (on SQLite the transaction holds the writer from here): a start's
        // wait for the writer during a burst of starts is the request's, not the run's.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Now();
        var run = new WorkflowRun
        {
            WorkflowId = workflowId,
            WorkflowVersionId = version.Id,
            VersionNumber = version.Number,
            Trigger = trigger,
            Inputs = values,
            CurrentStepIndex = 0,
            NextWakeAt = now,
            StartedBy = startedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };

        db.WorkflowRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // Deleted between the read above and this write (another instance, on PostgreSQL).
            throw WorkflowNotFound(workflowId);
        }

        var first = version.Definition.Steps[0];
        db.WorkflowStepRuns.Add(new WorkflowStepRun { RunId = run.Id, StepIndex = 0, StepName = first.Name, CreatedAt = now });
        WorkflowRunLog.Add(db, run.Id, null, WorkflowLogLevel.Info, $"Started by {startedBy} ({ContractName.Of(trigger)}) with version {version.Number}.", now);
        _audit.Record(db, AuditActions.WorkflowRunStarted, Target(run, workflow.Name), new AuditChanges().Field("version", null, version.Number.ToString(CultureInfo.InvariantCulture)),
            actor: trigger == WorkflowTrigger.Schedule ? AuditActors.System : null);
        await db.SaveChangesAsync(cancellationToken);
        // The first step is dispatched in this commit (not by the engine's next pass).
        var afterCommit = await _mover.MoveAsync(db, run, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await afterCommit();
        return run;
    }

    /// <summary>Asks a running run to pause when its current step ends (a step not yet dispatched does not start).</summary>
    public Task<WorkflowRun> PauseAsync(long runId, CancellationToken cancellationToken) =>
        ActAsync(runId, AuditActions.WorkflowRunPaused, (_, run, now) =>
        {
            if (run.State != WorkflowRunState.Running || run.PauseRequested)
            {
                throw new RuleViolationException(WorkflowErrorCodes.RunNotRunning, $"Only a running run can be paused; this one is {Describe(run)}.");
            }

            run.PauseRequested = true;
            run.NextWakeAt = now;
            return Task.FromResult("Pause asked for: the run pauses when its current step ends.");
        }, cancellationToken);

    /// <summary>Resumes a paused run (or withdraws a pause not yet taken).</summary>
    public Task<WorkflowRun> ResumeAsync(long runId, CancellationToken cancellationToken) =>
        ActAsync(runId, AuditActions.WorkflowRunResumed, (_, run, now) =>
        {
            if (run.State != WorkflowRunState.Paused && !(run.State == WorkflowRunState.Running && run.PauseRequested))
            {
                throw new RuleViolationException(WorkflowErrorCodes.RunNotPaused, $"Only a paused run can be resumed; this one is {Describe(run)}.");
            }

            run.State = WorkflowRunState.Running;
            run.PauseRequested = false;
            run.NextWakeAt = now;
            return Task.FromResult("Resumed.");
        }, cancellationToken);

    /// <summary>
    /// Cancels an open run: its open step attempt is cancelled, a queued robot run removed from the queue, and a robot run
    /// in flight asked to stop after the commit.
    /// </summary>
    public async Task<WorkflowRun> CancelAsync(long runId, CancellationToken cancellationToken)
    {
        List<InFlightRun> toStop = [];
        var run = await ActAsync(runId, AuditActions.WorkflowRunCancelled, async (db, run, now) =>
        {
            if (!WorkflowRun.IsOpen(run.State))
            {
                throw new RuleViolationException(WorkflowErrorCodes.RunFinished, $"The run is already {Describe(run)}; there is nothing to cancel.");
            }

            run.State = WorkflowRunState.Cancelled;
            run.PauseRequested = false;
            run.FinishedAt = now;
            run.NextWakeAt = null;
            run.Error = $"Cancelled by {_audit.ActorName()}.";
            var open = await db.WorkflowStepRuns.Where(s => s.RunId == runId
                && (s.State == WorkflowStepState.Pending || s.State == WorkflowStepState.Running || s.State == WorkflowStepState.Waiting))
                .ToListAsync(cancellationToken);
            foreach (var step in open)
            {
                step.State = WorkflowStepState.Cancelled;
                step.EndedAt = now;
                step.Error = run.Error;
                step.Version++;
            }

            var dispatched = open.Where(s => s.DispatchRunId != null).Select(s => s.DispatchRunId!.Value).ToList();
            await InFlightRuns.CancelWaitingAsync(db.DispatchRuns.Where(r => dispatched.Contains(r.Id)), now, "The workflow run was cancelled.", cancellationToken);
            toStop = await InFlightRuns.OfAsync(db.DispatchRuns.Where(r => dispatched.Contains(r.Id)), cancellationToken);
            return run.Error;
        }, cancellationToken);
        if (toStop.Count > 0)
        {
            _events.Publish([new QueueChanged(null)]);
            await _inFlight.StopAsync(toStop, "a cancelled workflow run");
        }

        return run;
    }

    /// <summary>
    /// Runs a failed run again from the step that failed, with <paramref name="inputs"/> when given (checked as at start;
    /// null keeps the run's): the completed steps are not run again and their outputs stay.
    /// </summary>
    public Task<WorkflowRun> RestartAsync(long runId, IReadOnlyDictionary<string, string?>? inputs, CancellationToken cancellationToken) =>
        ActAsync(runId, AuditActions.WorkflowRunRestarted, async (db, run, now) =>
        {
            if (run.State != WorkflowRunState.Failed || run.CurrentStepIndex is not { } index)
            {
                throw new RuleViolationException(WorkflowErrorCodes.RunNotFailed, $"Only a failed run can be restarted from its failed step; this one is {Describe(run)}.");
            }

            var version = await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Id == run.WorkflowVersionId, cancellationToken);
            if (inputs is not null)
            {
                run.Inputs = CheckInputs(version.Definition, inputs);
            }

            var attempts = await db.WorkflowStepRuns.Where(s => s.RunId == runId && s.StepIndex == index).MaxAsync(s => (int?)s.Attempt, cancellationToken) ?? 0;
            db.WorkflowStepRuns.Add(new WorkflowStepRun
            {
                RunId = runId, StepIndex = index, StepName = version.Definition.Steps[index].Name, Attempt = attempts + 1, CreatedAt = now,
            });
            run.State = WorkflowRunState.Running;
            run.Error = null;
            run.FinishedAt = null;
            run.NextWakeAt = now;
            return $"Restarted from step \"{version.Definition.Steps[index].Name}\"{(inputs is null ? "" : " with edited inputs")}.";
        }, cancellationToken);

    /// <summary>
    /// Approves or rejects the run's step awaiting approval, as a user the step allows (operators and admins, or admins
    /// only); a rejection fails the step (its on-failure rule applies).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not decide this step.</exception>
    public Task<WorkflowRun> DecideAsync(long runId, bool approve, string? comment, CancellationToken cancellationToken) =>
        ActAsync(runId, approve ? AuditActions.WorkflowStepApproved : AuditActions.WorkflowStepRejected, async (db, run, now) =>
        {
            var step = await db.WorkflowStepRuns.Where(s => s.RunId == runId && s.State == WorkflowStepState.Waiting)
                .OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new RuleViolationException(WorkflowErrorCodes.NoApprovalWaiting, "No step of this run is waiting for approval.");
            var version = await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Id == run.WorkflowVersionId, cancellationToken);
            if (version.Definition.Steps[step.StepIndex].Approval?.Approver == WorkflowApprover.Admin)
            {
                _user.RequireAdminister();
            }

            var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
            if (text?.Length > WorkflowStepRun.MaxCommentLength)
            {
                throw new ValidationFailedException([new FieldError("comment", ErrorCodes.TooLong,
                    $"The comment must be at most {WorkflowStepRun.MaxCommentLength} characters.", WorkflowStepRun.MaxCommentLength)]);
            }

            var decider = _audit.ActorName();
            step.State = approve ? WorkflowStepState.Succeeded : WorkflowStepState.Failed;
            step.DecidedBy = decider;
            step.Comment = text;
            step.EndedAt = now;
            step.Error = approve ? null : $"Rejected by {decider}{(text is null ? "." : ": " + text)}";
            step.Outputs = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["approved"] = approve, ["decided_by"] = decider, ["comment"] = text,
            }, WorkflowJson.Readable);
            step.Version++;
            run.NextWakeAt = now;
            return approve ? $"Step \"{step.StepName}\" approved by {decider}." : step.Error!;
        }, cancellationToken);

    // One action: the run read and changed, logged, audited and committed in one transaction, then published.
    private async Task<WorkflowRun> ActAsync(long runId, string action, Func<WorkbenchDbContext, WorkflowRun, DateTime, Task<string>> change,
        CancellationToken cancellationToken)
    {
        _user.RequireOperate();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await db.WorkflowRuns.Include(r => r.Workflow).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw RunNotFound(runId);
        var before = run.State;
        var now = Now();
        var message = await change(db, run, now);
        run.UpdatedAt = now;
        run.Version++;
        WorkflowRunLog.Add(db, run.Id, null, WorkflowLogLevel.Info, message, now);
        _audit.Record(db, action, Target(run, run.Workflow!.Name), new AuditChanges().Field("state", ContractName.Of(before), ContractName.Of(run.State)));
        await DbErrors.SaveAsync(db, ConcurrencyConflict, ConcurrencyConflict, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish(run);
        return run;
    }

    /// <summary>The values of a run's inputs, or the fields refused (named <c>inputs.&lt;name&gt;</c>).</summary>
    public static IReadOnlyDictionary<string, string?> CheckInputs(WorkflowDefinition definition, IReadOnlyDictionary<string, string?>? inputs)
    {
        var check = ParameterValues.Check(definition.Inputs, inputs);
        if (!check.IsValid)
        {
            throw new ValidationFailedException(check.Errors
                .Select(e => e with { Field = WorkflowErrorCodes.InputsField + e.Field[TaskParameterRules.Field.Length..] })
                .ToList());
        }

        return check.Values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
    }

    private void Publish(WorkflowRun run) => _events.Publish([new WorkflowRunChanged(run.Id, run.WorkflowId)]);

    private static string Describe(WorkflowRun run) =>
        run.State == WorkflowRunState.Running && run.PauseRequested ? "pausing" : ContractName.Of(run.State);

    private static AuditTarget Target(WorkflowRun run, string workflowName) =>
        new(AuditTargetTypes.WorkflowRun, run.Id.ToString(CultureInfo.InvariantCulture), $"{workflowName} #{run.Id}");

    private static RuleViolationException WorkflowNotFound(long id) =>
        new(ErrorCodes.NotFound, $"Workflow {id} does not exist (it may have been deleted).");

    private static RuleViolationException RunNotFound(long id) =>
        new(ErrorCodes.NotFound, $"Workflow run {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "The workflow run changed while you acted on it; reload and try again.");

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;
}
