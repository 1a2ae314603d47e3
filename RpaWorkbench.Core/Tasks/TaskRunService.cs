using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Starts, stops and force-stops runs through the robot agent. Each step is committed before the agent is called
/// and settled after it answers, guarded by the run id, so a completion callback that overtakes the agent's answer
/// wins and no path leaves a task in a transitional state because an agent failed.
/// </summary>
public sealed class TaskRunService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ICurrentUser user,
    IRobotAgent agent,
    RunStartRequests startRequests,
    IWorkbenchEvents events,
    AuditTrail audit,
    TimeProvider clock,
    OperatorTime operatorTime,
    IOptions<RobotOptions> robots,
    ILogger<TaskRunService> logger)
{
    /// <summary>Starts a run with the declared parameters' defaults (<see cref="StartAsync(long, IReadOnlyDictionary{string, string?}?, CancellationToken)"/>).</summary>
    public Task<TaskStartResult> StartAsync(long taskId, CancellationToken cancellationToken) => StartAsync(taskId, null, cancellationToken);

    /// <summary>
    /// pending → starting → running once the agent accepts; back to pending with the reason when it does not. The
    /// values of the task's declared parameters are checked first (<see cref="ParameterValues"/>), defaults filling the rest.
    /// A task that targets a group is not started here: its run is queued for any idle robot of the group.
    /// </summary>
    /// <exception cref="ValidationFailedException">A value is missing, unknown or invalid (<c>parameters.name</c>); nothing changed.</exception>
    /// <exception cref="RuleViolationException">Not startable, robot busy, or the agent did not accept (state already settled).</exception>
    public async Task<TaskStartResult> StartAsync(long taskId, IReadOnlyDictionary<string, string?>? parameters, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        if (await EnqueueIfQueuedAsync(taskId, parameters, cancellationToken))
        {
            return TaskStartResult.Enqueued;
        }

        var run = await ClaimStartAsync(taskId, parameters, cancellationToken);

        // Not the caller's token: once the agent may have the run, the answer must be recorded whatever the page does.
        var result = await StartKeptWhileRateLimitedAsync(run.Task, run.Robot, run.Request);
        if (result.IsAccepted)
        {
            // A completion callback that overtook the agent's answer has already settled the run and the robot.
            var next = result.Queued ? RobotTaskStatus.Queued : RobotTaskStatus.Running;
            // A group's job runs on whichever robot ShadowBot picks: its callback names that account.
            if (await SettleAsync(run.Task, RobotTaskStatus.Starting, next, error: null, result.JobUuid)
                && next == RobotTaskStatus.Running && string.IsNullOrWhiteSpace(run.Task.ShadowBot?.GroupUuid))
            {
                await MarkAccountRunningAsync(run.Task);
            }

            return TaskStartResult.Started;
        }

        await AbandonStartAsync(run.Task, result.Message);
        throw AgentRefusal(result);
    }

    /// <summary>The wait before start <paramref name="retry"/> (0-based) of a start ShadowBot rate-limited: 5 s, doubled each time, at most a minute.</summary>
    public static TimeSpan RateLimitedStartDelay(int retry) =>
        TimeSpan.FromSeconds(Math.Min(60, 5 * (1 << Math.Min(retry, 4))));

    // A start ShadowBot refused only for its rate limit is never dropped: the task stays starting (the reason on it, so
    // the operator sees why) and the same request is sent again with back-off until ShadowBot takes it or says a definite
    // no. The same run id is the idempotentUuid, so a start ShadowBot did take is never doubled. Each retry refreshes the
    // task's last change, which is what the watchdog judges a start by; after a restart the retries stop and the
    // watchdog ends the start as interrupted (the start's parameter values live only in this request).
    private async Task<RobotAgentResult> StartKeptWhileRateLimitedAsync(RobotTask task, RobotEndpoint robot, RobotStartRequest request)
    {
        var result = await agent.StartAsync(robot, request, CancellationToken.None);
        for (var retry = 0; result.Outcome == RobotAgentOutcome.RateLimited; retry++)
        {
            var delay = RateLimitedStartDelay(retry);
            if (!await NoteRateLimitedAsync(task, delay))
            {
                break;
            }

            logger.LogWarning("ShadowBot rate-limited the start of run {RunId} of task {TaskId}; trying again in {Delay}", request.RunId, task.Id, delay);
            await Task.Delay(delay, clock);
            if (!await IsStartingAsync(task))
            {
                break;
            }

            result = await agent.StartAsync(robot, request, CancellationToken.None);
        }

        return result;
    }

    private async Task<bool> IsStartingAsync(RobotTask task)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await StillStarting(db, task).AnyAsync(CancellationToken.None);
    }

    // The task while it still starts this very run (not force-stopped and started again meanwhile).
    private static IQueryable<RobotTask> StillStarting(WorkbenchDbContext db, RobotTask task) =>
        db.Tasks.Where(t => t.Id == task.Id && t.Status == RobotTaskStatus.Starting && t.CurrentRunId == task.CurrentRunId);

    // False when the task no longer starts this run (force-stopped meanwhile): the start is then given up.
    private async Task<bool> NoteRateLimitedAsync(RobotTask task, TimeSpan delay)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var now = Now();
        var message = $"ShadowBot is rate-limiting job starts (429); the start is kept and asked again in {delay.TotalSeconds:0} s.";
        var noted = await StillStarting(db, task)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ErrorMessage, message).SetProperty(t => t.UpdatedAt, now), CancellationToken.None);
        if (noted > 0)
        {
            events.Publish([new TaskChanged(task.Id)]);
        }

        return noted > 0;
    }

    /// <summary>
    /// running (or queued) → stopping; the robot's completion callback then ends the run. Back to where it was when
    /// the agent refuses.
    /// </summary>
    public async Task StopAsync(long taskId, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (task, before) = await ClaimStopAsync(taskId, cancellationToken);

        var result = await agent.StopAsync(RunStartRequests.Endpoint(task.Account!), StopRequest(task, task.CurrentRunId!, task.CurrentJobUuid), CancellationToken.None);
        if (!result.IsAccepted)
        {
            await SettleAsync(task, RobotTaskStatus.Stopping, before, $"Stop failed: {result.Message}");
            throw AgentRefusal(result);
        }
    }

    /// <summary>
    /// Ends the run on the Workbench side at once: the task is pending, the account idle, and a <c>stopped</c> log is
    /// stored under the run's id, so the robot's late callback for that run is answered as a duplicate and changes
    /// nothing. The agent is told afterwards, best effort.
    /// </summary>
    public async Task ForceStopAsync(long taskId, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (task, log) = await EndRunAsync(taskId, cancellationToken);
        events.Publish(RunEnding.Events(task, log));

        var result = await agent.StopAsync(RunStartRequests.Endpoint(task.Account!), StopRequest(task, log.ExecutionId!, log.ShadowBotJobUuid), CancellationToken.None);
        if (!result.IsAccepted)
        {
            logger.LogWarning("Task {TaskId} was force-stopped; its robot was not told: {Reason}", task.Id, result.Message);
        }
    }

    /// <summary>
    /// "Run again": starts the task of a run that failed, was stopped, timed out or was lost, through <see cref="StartAsync"/>.
    /// The task runs with its current config (JSON and file), which is the run's config unless someone edited the task since.
    /// </summary>
    /// <exception cref="RuleViolationException">The run does not exist, completed, has no task, or the start is refused.</exception>
    public async Task RunAgainAsync(long executionLogId, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        long taskId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var run = await db.ExecutionLogs.AsNoTracking().Where(l => l.Id == executionLogId)
                .Select(l => new { l.Status, l.TaskId })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Run {executionLogId} does not exist.");
            if (!IsRepeatable(run.Status))
            {
                throw new RuleViolationException(TaskErrorCodes.RunNotRepeatable,
                    $"Only a failed, stopped, timed-out or lost run can run again; this one is {ContractName.Of(run.Status)}.");
            }

            taskId = run.TaskId ?? throw new RuleViolationException(TaskErrorCodes.RunHasNoTask, "The run's task no longer exists.");
        }

        await StartAsync(taskId, cancellationToken);
    }

    /// <summary>Outcomes "Run again" accepts: the run did not complete.</summary>
    public static bool IsRepeatable(ExecutionStatus outcome) =>
        outcome is ExecutionStatus.Failed or ExecutionStatus.Stopped or ExecutionStatus.TimedOut or ExecutionStatus.Lost;

    // A task that targets a group runs on any idle robot of it, and a Dify task calls its workflow within its limit:
    // either way the run waits in the dispatch queue. False for other tasks.
    private async Task<bool> EnqueueIfQueuedAsync(long taskId, IReadOnlyDictionary<string, string?>? parameters, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await FindAsync(db, taskId, cancellationToken);
        if (task.GroupId is null && task.Dify is null)
        {
            return false;
        }

        var values = ParameterValues.Check(task.Parameters, parameters);
        if (!values.IsValid)
        {
            throw new ValidationFailedException(values.Errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = new DispatchRun
        {
            RunId = Guid.NewGuid().ToString("N"),
            TaskId = task.Id,
            TargetGroupId = task.GroupId,
            TargetAccountId = task.GroupId is null ? task.AccountId : null,
            Priority = RunPriority.Normal,
            Parameters = values.Values.ToDictionary(p => p.Key, p => (string?)p.Value),
            EnqueuedAt = Now(),
        };
        db.DispatchRuns.Add(run);
        audit.Record(db, AuditActions.TaskQueued, new AuditTarget(AuditTargetTypes.Task, task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), task.TaskName),
            new AuditChanges().Field("run_id", null, run.RunId));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new QueueChanged(task.Id)]);
        return true;
    }

    private async Task<(RobotTask Task, RobotEndpoint Robot, RobotStartRequest Request)> ClaimStartAsync(
        long taskId, IReadOnlyDictionary<string, string?>? parameters, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await FindAsync(db, taskId, cancellationToken);
        if (task.Status != RobotTaskStatus.Pending)
        {
            throw new RuleViolationException(TaskErrorCodes.TaskNotPending, $"The task is already {ContractName.Of(task.Status)}.");
        }

        var values = ParameterValues.Check(task.Parameters, parameters);
        if (!values.IsValid)
        {
            throw new ValidationFailedException(values.Errors);
        }

        // ShadowBot queues a job for a busy robot itself (the task shows queued); agents take one run at a time,
        // a queued run of another task included.
        var busyWith = robots.Value.Mode == RobotMode.ShadowBot ? null : await db.Tasks.AsNoTracking()
            .Where(t => t.AccountId == task.AccountId && t.Id != task.Id && t.Status != RobotTaskStatus.Pending)
            .Select(t => t.TaskName)
            .Concat(db.DispatchRuns.Where(r => r.AccountId == task.AccountId
                    && (r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running))
                .Select(r => r.Task!.TaskName))
            .FirstOrDefaultAsync(cancellationToken);
        if (busyWith is not null)
        {
            throw new RuleViolationException(TaskErrorCodes.RobotBusy,
                $"Robot {task.Account!.ShadowBotAccount} is already running task '{busyWith}'; a robot runs one task at a time.");
        }

        // Made before the claim is committed: a link that cannot be made leaves the task pending, not starting.
        var runId = Guid.CreateVersion7().ToString("N");
        var request = await startRequests.BuildAsync(task, task.Account!, runId, values.Values, cancellationToken);
        var now = Now();
        task.Status = RobotTaskStatus.Starting;
        task.CurrentRunId = runId;
        task.RunStartedAt = now;
        task.ErrorMessage = null;
        task.UpdatedAt = now;
        Audit(db, AuditActions.TaskStarted, task, RobotTaskStatus.Pending);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new TaskChanged(task.Id)]);

        return (task, RunStartRequests.Endpoint(task.Account!), request);
    }

    private async Task<(RobotTask Task, RobotTaskStatus Before)> ClaimStopAsync(long taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await FindAsync(db, taskId, cancellationToken);
        var before = task.Status;
        if (before is not (RobotTaskStatus.Running or RobotTaskStatus.Queued))
        {
            throw new RuleViolationException(TaskErrorCodes.TaskNotRunning, $"Only a running or queued task can be stopped; this one is {ContractName.Of(task.Status)}.");
        }

        task.Status = RobotTaskStatus.Stopping;
        task.ErrorMessage = null;
        task.UpdatedAt = Now();
        Audit(db, AuditActions.TaskStopped, task, before);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new TaskChanged(task.Id)]);
        return (task, before);
    }

    private async Task<(RobotTask Task, ExecutionLog Log)> EndRunAsync(long taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await FindAsync(db, taskId, cancellationToken);
        if (task.Status == RobotTaskStatus.Pending || task.CurrentRunId is null)
        {
            throw new RuleViolationException(TaskErrorCodes.TaskNotRunning, "The task has no run to stop.");
        }

        var before = task.Status;
        var log = RunEnding.End(db, task, ExecutionStatus.Stopped, $"Force-stopped by {user.DisplayName ?? user.Name}.", Now(), operatorTime);
        Audit(db, AuditActions.TaskForceStopped, task, before);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (task, log);
    }

    // Moves the task on to the next step of the same run, only if it is still in the step this service left it in.
    // A ShadowBot start also records the run's job.
    private async Task<bool> SettleAsync(RobotTask task, RobotTaskStatus from, RobotTaskStatus to, string? error, string? jobUuid = null)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var now = Now();
        var job = jobUuid ?? task.CurrentJobUuid;
        var moved = await db.Tasks
            .Where(t => t.Id == task.Id && t.Status == from && t.CurrentRunId == task.CurrentRunId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, to)
                .SetProperty(t => t.CurrentJobUuid, job)
                .SetProperty(t => t.ErrorMessage, error)
                .SetProperty(t => t.UpdatedAt, now), CancellationToken.None);
        if (moved > 0)
        {
            task.Status = to;
            task.CurrentJobUuid = job;
            events.Publish([new TaskChanged(task.Id)]);
        }

        return moved > 0;
    }

    // The agent did not take the run: back to pending, only if the task is still starting this run. The conditional
    // update claims the row for the transaction (a completion callback that overtook the answer has already moved it).
    private async Task AbandonStartAsync(RobotTask task, string? reason)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var now = Now();
        var claimed = await db.Tasks
            .Where(t => t.Id == task.Id && t.Status == RobotTaskStatus.Starting && t.CurrentRunId == task.CurrentRunId)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UpdatedAt, now), CancellationToken.None);
        if (claimed == 0)
        {
            return;
        }

        var current = await db.Tasks.SingleAsync(t => t.Id == task.Id, CancellationToken.None);
        current.AbandonStart(reason, now);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        task.Status = current.Status;
        events.Publish([new TaskChanged(task.Id)]);
    }

    private async Task MarkAccountRunningAsync(RobotTask task)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var now = Now();
        await db.Accounts.MarkRunningAsync(task.AccountId, task.AppName, now, CancellationToken.None);
        events.Publish([new AccountChanged(task.AccountId)]);
    }

    // In the same transaction as the step it records.
    private void Audit(WorkbenchDbContext db, string action, RobotTask task, RobotTaskStatus before) =>
        audit.Record(db, action, new AuditTarget(AuditTargetTypes.Task, task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), task.TaskName),
            new AuditChanges().Field("status", ContractName.Of(before), ContractName.Of(task.Status)));

    private static async Task<RobotTask> FindAsync(WorkbenchDbContext db, long taskId, CancellationToken cancellationToken) =>
        await db.Tasks.Include(t => t.Account).FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken)
        ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Task {taskId} does not exist.");

    private static RobotStopRequest StopRequest(RobotTask task, string runId, string? jobUuid) =>
        new(runId, task.Id, task.AppName, task.Account!.ShadowBotAccount) { JobUuid = jobUuid };

    private static RuleViolationException AgentRefusal(RobotAgentResult result) => new(result.Outcome switch
    {
        RobotAgentOutcome.Busy => TaskErrorCodes.RobotBusy,
        RobotAgentOutcome.Refused => TaskErrorCodes.RobotRefused,
        _ => TaskErrorCodes.RobotUnreachable,
    }, result.Message ?? "The robot did not accept the request.");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
