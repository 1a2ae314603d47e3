using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// Dispatches a pending attempt by its step's kind, in the run's transaction: a robot run or Dify step queues a
/// <see cref="DispatchRun"/>, an HTTP step is marked in flight under a lease (the request is sent after the commit), a
/// wait runs until its end, an approval waits for a decision. A template that does not render, or values the task
/// refuses, fail the attempt with nothing dispatched.
/// </summary>
internal sealed class WorkflowStepStarter(IOptions<WorkflowOptions> options, OperatorTime operatorTime, IServiceProviderIsService services)
{
    private static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(WorkflowRunMoves moves, WorkflowStepRun attempt, CancellationToken cancellationToken)
    {
        var step = moves.StepOf(attempt);
        try
        {
            switch (step.Kind)
            {
                case WorkflowStepKind.RobotRun or WorkflowStepKind.Dify:
                    await QueueTaskRunAsync(moves, attempt, step, cancellationToken);
                    break;
                case WorkflowStepKind.Http:
                    StartHttp(moves, attempt, step);
                    break;
                case WorkflowStepKind.Wait:
                    StartWait(moves, attempt, step.Wait ?? new WorkflowWaitStep());
                    break;
                case WorkflowStepKind.Approval:
                    await StartApprovalAsync(moves, attempt, step.Approval ?? new WorkflowApprovalStep());
                    break;
            }
        }
        catch (WorkflowStepRefusedException refused)
        {
            WorkflowTransitions.EndAttempt(moves.Db, attempt, WorkflowStepState.Failed, refused.Message, null, moves.Now);
        }
    }

    private async Task QueueTaskRunAsync(WorkflowRunMoves moves, WorkflowStepRun attempt, WorkflowStep step, CancellationToken cancellationToken)
    {
        var taskId = step.Task?.TaskId ?? throw new WorkflowStepRefusedException("The step names no task.");
        var task = await moves.Db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new WorkflowStepRefusedException($"Task {taskId} does not exist (it may have been deleted).");
        if (step.Kind == WorkflowStepKind.RobotRun && task.Dify is not null)
        {
            throw new WorkflowStepRefusedException($"Task \"{task.TaskName}\" calls a Dify workflow: a robot run step cannot run it (use a Dify step).");
        }

        if (step.Kind == WorkflowStepKind.Dify && task.Dify is null)
        {
            throw new WorkflowStepRefusedException($"Task \"{task.TaskName}\" is not a Dify task: a Dify step cannot run it (use a robot run step).");
        }

        var model = moves.ModelFor(attempt, options.Value.Secrets);
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, template) in step.Task.Parameters)
        {
            given[name] = await RenderAsync(template, model, $"parameter \"{name}\"");
        }

        var check = ParameterValues.Check(task.Parameters, given);
        if (!check.IsValid)
        {
            throw new WorkflowStepRefusedException("The task refused the values: " + string.Join(" ", check.Errors.Select(e => e.Message)));
        }

        var values = check.Values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        var run = new DispatchRun
        {
            RunId = RunIdOf(attempt),
            TaskId = task.Id,
            TargetGroupId = task.GroupId,
            TargetAccountId = task.GroupId is null ? task.AccountId : null,
            Priority = RunPriority.Normal,
            Parameters = values,
            EnqueuedAt = moves.Now,
        };
        moves.Db.DispatchRuns.Add(run);
        attempt.DispatchRun = run;
        moves.QueueChanged = true;
        WorkflowTransitions.StartAttempt(moves.Db, attempt, WorkflowStepState.Running, values, DueIn(step.TimeoutSeconds, moves.Now),
            $"queued as run {run.RunId} of task \"{task.TaskName}\"", moves.Now);
    }

    private void StartHttp(WorkflowRunMoves moves, WorkflowStepRun attempt, WorkflowStep step)
    {
        if (step.Http is null || !services.IsService(typeof(IWorkflowHttpStepRunner)))
        {
            throw new WorkflowStepRefusedException("HTTP steps are not available in this Workbench.");
        }

        var timeout = step.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultHttpTimeout;
        attempt.LeaseUntil = moves.Now + timeout + options.Value.InterruptedGrace;
        WorkflowTransitions.StartAttempt(moves.Db, attempt, WorkflowStepState.Running, new { method = step.Http.Method }, null,
            $"sends its {step.Http.Method} request", moves.Now);
        moves.HttpCalls.Add(new WorkflowHttpCall(moves.Run.Id, moves.Run.WorkflowId, attempt.Id, attempt.Version, step.Http,
            moves.ModelFor(attempt, options.Value.Secrets), timeout));
    }

    private void StartWait(WorkflowRunMoves moves, WorkflowStepRun attempt, WorkflowWaitStep wait)
    {
        var until = wait.Until is { } text ? WaitEnd(text, moves.Now) : moves.Now + TimeSpan.FromSeconds(wait.Seconds ?? 0);
        WorkflowTransitions.StartAttempt(moves.Db, attempt, WorkflowStepState.Running,
            new { until = until.ToString("O", CultureInfo.InvariantCulture) }, until, $"waits until {operatorTime.Format(until)}", moves.Now);
    }

    private async Task StartApprovalAsync(WorkflowRunMoves moves, WorkflowStepRun attempt, WorkflowApprovalStep approval)
    {
        var message = await RenderAsync(approval.Message, moves.ModelFor(attempt, options.Value.Secrets), "message");
        var approver = ContractName.Of(approval.Approver);
        WorkflowTransitions.StartAttempt(moves.Db, attempt, WorkflowStepState.Waiting, new { message, approver },
            DueIn(approval.DeadlineSeconds, moves.Now), $"waits for a decision (by an {approver})", moves.Now);
    }

    /// <summary>
    /// The end of a wait until <paramref name="text"/> in the operators' time zone: <c>HH:mm</c> is the next such
    /// wall-clock time after <paramref name="now"/>, <c>yyyy-MM-dd HH:mm</c> that moment (possibly past).
    /// </summary>
    private DateTime WaitEnd(string text, DateTime now)
    {
        if (DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            return operatorTime.ToUtc(moment);
        }

        if (!TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time))
        {
            throw new WorkflowStepRefusedException($"\"{text}\" is not a time of day (HH:mm) or a moment (yyyy-MM-dd HH:mm).");
        }

        var today = operatorTime.ToOperator(now).Date + time;
        var next = operatorTime.ToUtc(today);
        return next > now ? next : operatorTime.ToUtc(today.AddDays(1));
    }

    /// <summary>The queued run's id: unique per attempt, so queuing the same attempt twice is refused by the store.</summary>
    public static string RunIdOf(WorkflowStepRun attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"wf{attempt.RunId}-{attempt.StepIndex}-{attempt.Attempt}");

    private static async Task<string> RenderAsync(string? template, WorkflowTemplateModel model, string what)
    {
        try
        {
            return await WorkflowTemplates.RenderAsync(template, model);
        }
        catch (WorkflowTemplateException exception)
        {
            throw new WorkflowStepRefusedException($"The {what} template could not be rendered: {exception.Message}");
        }
    }

    private static DateTime? DueIn(int? seconds, DateTime now) => seconds is { } value ? now + TimeSpan.FromSeconds(value) : null;
}

/// <summary>An attempt cannot be dispatched (a template, a value, the task): it fails with this message.</summary>
internal sealed class WorkflowStepRefusedException(string message) : Exception(message);
