using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Engine;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>Steps that wait (approvals, waits), the attempts guard, a Dify task in a robot step, and an HTTP request cut short.</summary>
public sealed class WorkflowEngineWaitTests : IAsyncLifetime
{
    private WorkflowEngineBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await WorkflowEngineBed.StartAsync(("Workbench:Workflows:MaxAttemptsPerRun", "5"));

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private static WorkflowStep ApprovalStep(WorkflowApprover approver = WorkflowApprover.Operator, int? deadline = null) =>
        new("approve", WorkflowStepKind.Approval)
        {
            Approval = new WorkflowApprovalStep { Message = "请审批订单 {{ inputs.order }}", Approver = approver, DeadlineSeconds = deadline },
        };

    [Fact]
    public async Task Approval_WaitsWithItsMessage_ApprovedByAnOperator_RunGoesOn()
    {
        var workflow = await _bed.AddWorkflowAsync(ApprovalStep(), WorkflowEngineBed.WaitStep("after", seconds: 0));
        var runId = await _bed.StartRunAsync(workflow, "A-7");
        await _bed.EnginePassAsync();

        var waiting = Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Equal((WorkflowStepState.Waiting, """{"message":"请审批订单 A-7","approver":"operator"}""", (DateTime?)null),
            (waiting.State, waiting.Inputs, (await _bed.RunAsync(runId)).NextWakeAt));

        await _bed.Runs.DecideAsync(runId, approve: true, "可以", Ct);
        await _bed.EnginePassAsync();

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        var approved = (await _bed.AttemptsAsync(runId))[0];
        Assert.Equal((WorkflowStepState.Succeeded, "operator-user", "可以"), (approved.State, approved.DecidedBy, approved.Comment));
    }

    [Fact]
    public async Task Approval_AViewerDecides_Refused_StepStillWaits()
    {
        var workflow = await _bed.AddWorkflowAsync(ApprovalStep());
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.EnginePassAsync();

        _bed.Host.User.SignIn(Roles.Viewer);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Runs.DecideAsync(runId, approve: true, null, Ct));

        Assert.Equal(WorkflowStepState.Waiting, Assert.Single(await _bed.AttemptsAsync(runId)).State);
    }

    [Fact]
    public async Task Approval_AdminOnly_RefusedToAnOperator_RejectedByAnAdmin_RunFails()
    {
        var workflow = await _bed.AddWorkflowAsync(ApprovalStep(WorkflowApprover.Admin));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.EnginePassAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => _bed.Runs.DecideAsync(runId, approve: true, null, Ct));
        _bed.Host.User.SignIn(Roles.Admin);
        await _bed.Runs.DecideAsync(runId, approve: false, "金额不对", Ct);
        await _bed.EnginePassAsync();

        var run = await _bed.RunAsync(runId);
        Assert.Equal((WorkflowRunState.Failed, "Step \"approve\" failed: Rejected by admin-user: 金额不对"), (run.State, run.Error));
    }

    [Fact]
    public async Task Approval_NoDecisionBeforeTheDeadline_TimedOut()
    {
        var workflow = await _bed.AddWorkflowAsync(ApprovalStep(deadline: 3600));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.EnginePassAsync();
        Assert.Equal(_bed.Dispatch.Now.AddHours(1), (await _bed.RunAsync(runId)).NextWakeAt);

        _bed.Host.Clock.Advance(TimeSpan.FromHours(1));
        await _bed.EnginePassAsync();

        var attempt = Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Equal((WorkflowStepState.TimedOut, "No decision before the deadline."), (attempt.State, attempt.Error));
        Assert.Equal(WorkflowRunState.Failed, (await _bed.RunAsync(runId)).State);
        await Assert.ThrowsAsync<RuleViolationException>(() => _bed.Runs.DecideAsync(runId, approve: true, null, Ct));
    }

    [Fact]
    public async Task Wait_UntilALocalTime_EndsAtThatTimeInTheOperatorsZone()
    {
        // 08:00 UTC is 16:00 in Asia/Shanghai: 17:30 there is 09:30 UTC today.
        var workflow = await _bed.AddWorkflowAsync(WorkflowEngineBed.WaitStep("evening", until: "17:30"));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.EnginePassAsync();
        var due = new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc);
        Assert.Equal((due, due), ((await _bed.AttemptsAsync(runId))[0].DueAt, (await _bed.RunAsync(runId)).NextWakeAt));

        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(89));
        await _bed.EnginePassAsync();
        Assert.Equal(WorkflowRunState.Running, (await _bed.RunAsync(runId)).State);

        _bed.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _bed.EnginePassAsync();
        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
    }

    [Fact]
    public async Task Wait_UntilAnEarlierTimeOfDay_WaitsForTomorrow_APastMomentEndsAtOnce()
    {
        var workflow = await _bed.AddWorkflowAsync(WorkflowEngineBed.WaitStep("past", until: "2026-11-25 09:00"),
            WorkflowEngineBed.WaitStep("morning", until: "09:00"));
        var runId = await _bed.StartRunAsync(workflow);

        await _bed.EnginePassAsync();

        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal(WorkflowStepState.Succeeded, attempts[0].State);
        Assert.Equal((WorkflowStepState.Running, (DateTime?)new DateTime(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc)), (attempts[1].State, attempts[1].DueAt));
    }

    [Fact]
    public async Task Pass_GoToLoopThatNeverEnds_RunFailsAtTheAttemptsGuard()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.FailingStep("loop") with { OnFailure = WorkflowFailureAction.GoTo, GoTo = "loop" });
        var runId = await _bed.StartRunAsync(workflow);

        for (var pass = 0; pass < 3 && (await _bed.RunAsync(runId)).State == WorkflowRunState.Running; pass++)
        {
            await _bed.EnginePassAsync();
        }

        var run = await _bed.RunAsync(runId);
        Assert.Equal(WorkflowRunState.Failed, run.State);
        Assert.Contains("made 5 step attempts", run.Error, StringComparison.Ordinal);
        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal(5, attempts.Count(a => a.State == WorkflowStepState.Failed));
        Assert.Equal(WorkflowStepState.Cancelled, attempts[^1].State);
    }

    [Fact]
    public async Task Pass_RobotStepOfADifyTask_FailsWithNothingQueued()
    {
        await MakeTheTaskCallDifyAsync();
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.EnginePassAsync();

        var attempt = Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Equal(WorkflowStepState.Failed, attempt.State);
        Assert.Equal("Task \"订单录入\" calls a Dify workflow: a robot run step cannot run it (use a Dify step).", attempt.Error);
        Assert.Empty(await _bed.DispatchRunsAsync());
    }

    [Fact]
    public async Task Pass_DifyStepOfADifyTask_QueuesItsRunForTheTasksAccount()
    {
        await MakeTheTaskCallDifyAsync();
        var step = _bed.RobotStep("ask", ("order", "{{ inputs.order }}")) with { Kind = WorkflowStepKind.Dify };
        var workflow = await _bed.AddWorkflowAsync(step);
        var runId = await _bed.StartRunAsync(workflow, "A-9");

        await _bed.EnginePassAsync();

        var queued = Assert.Single(await _bed.DispatchRunsAsync());
        Assert.Equal(($"wf{runId}-0-1", _bed.TaskId, (long?)_bed.RobotId, "A-9"), (queued.RunId, queued.TaskId, queued.TargetAccountId, queued.Parameters["order"]));
        Assert.Equal((WorkflowStepState.Running, (long?)queued.Id), ((await _bed.AttemptsAsync(runId))[0].State, (await _bed.AttemptsAsync(runId))[0].DispatchRunId));
    }

    private async Task MakeTheTaskCallDifyAsync()
    {
        await using var db = await _bed.Host.CreateDbContextAsync();
        var task = await db.Tasks.SingleAsync(t => t.Id == _bed.TaskId, Ct);
        task.Dify = new DifyTaskSettings { BaseUrl = "http://127.0.0.1:9/v1", ApiKeyProtected = "not-used", MaxConcurrency = 1 };
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Pass_HttpAttemptPastItsLease_FailsAsInterrupted_RetryPolicyApplies()
    {
        var step = new WorkflowStep("notify", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("POST", "http://hooks.invalid/hook"), Attempts = 2, BackoffSeconds = 10 };
        var workflow = await _bed.AddWorkflowAsync(step);
        long runId;
        await using (var engineOff = _bed.Host.OnTheSameDatabase(("Workbench:Workflows:Enabled", "false")))
        {
            // Started where no engine runs: its first step is left pending, for the state below.
            runId = (await engineOff.Get<WorkflowRunService>().StartAsync(workflow, new Dictionary<string, string?> { ["order"] = "A-1" }, WorkflowTrigger.Manual, Ct)).Id;
        }

        var now = _bed.Dispatch.Now;
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            // As an instance leaves it when it dies mid-request: running under a lease, the run to look at when it ends.
            var attempt = await db.WorkflowStepRuns.SingleAsync(s => s.RunId == runId, Ct);
            (attempt.State, attempt.StartedAt, attempt.LeaseUntil) = (WorkflowStepState.Running, now, now.AddSeconds(60));
            var run = await db.WorkflowRuns.SingleAsync(r => r.Id == runId, Ct);
            run.NextWakeAt = now.AddSeconds(60);
            await db.SaveChangesAsync(Ct);
        }

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(60));
        await _bed.EnginePassAsync();

        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal(WorkflowStepState.Failed, attempts[0].State);
        Assert.Contains("interrupted", attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal((WorkflowStepState.Pending, (DateTime?)_bed.Dispatch.Now.AddSeconds(10)), (attempts[1].State, attempts[1].NotBefore));

        // The retry is sent to the HTTP step runner, which refuses it (no host is allowed here): it fails, and the run with it.
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(10));
        await _bed.EnginePassAsync();
        await _bed.Host.Get<WorkflowHttpSteps>().DrainAsync();
        await _bed.EnginePassAsync();
        Assert.Contains("Workbench:Workflows:HttpAllowedHosts", (await _bed.AttemptsAsync(runId))[1].Error, StringComparison.Ordinal);
        Assert.Equal(WorkflowRunState.Failed, (await _bed.RunAsync(runId)).State);
    }

    [Fact]
    public async Task HttpAnswer_RecordedInTheCommitThatDispatchesTheNextStep_NoPassBetween()
    {
        // The HTTP step runner refuses the request (no host is allowed here): the answer is a failure the run continues past.
        var http = new WorkflowStep("notify", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("POST", "http://hooks.invalid/hook"), OnFailure = WorkflowFailureAction.Continue };
        var workflow = await _bed.AddWorkflowAsync(http, _bed.RobotStep("enter", ("order", "{{ inputs.order }}")));
        var runId = await _bed.StartRunAsync(workflow, "A-12");
        await _bed.EnginePassAsync();

        await _bed.Host.Get<WorkflowHttpSteps>().DrainAsync();

        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal((WorkflowStepState.Failed, WorkflowStepState.Running), (attempts[0].State, attempts[1].State));
        var queued = Assert.Single(await _bed.DispatchRunsAsync());
        Assert.Equal(($"wf{runId}-1-1", "A-12", (long?)queued.Id), (queued.RunId, queued.Parameters["order"], attempts[1].DispatchRunId));
        Assert.Equal(attempts[0].EndedAt, attempts[1].StartedAt);
        Assert.Equal(0, await _bed.EnginePassAsync());
    }
}
