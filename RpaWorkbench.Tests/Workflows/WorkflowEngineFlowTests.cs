using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>How the engine runs robot steps: in order, passing outputs on, with time-outs, retries, on-failure rules, pause, cancel and restart.</summary>
public sealed class WorkflowEngineFlowTests : IAsyncLifetime
{
    private WorkflowEngineBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await WorkflowEngineBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Run_TwoRobotSteps_RunInOrder_FirstOutputsReachSecondParameters_RunSucceeds()
    {
        var workflow = await _bed.AddWorkflowAsync(
            _bed.RobotStep("fetch", ("order", "{{ inputs.order }}")),
            _bed.RobotStep("book", ("order", "{{ inputs.order }}-B"), ("amount", "{{ steps.fetch.outputs.total }}")));
        var runId = await _bed.StartRunAsync(workflow, "A-100");

        await _bed.PassAsync();
        var first = Assert.Single(await _bed.DispatchRunsAsync());
        Assert.Equal(($"wf{runId}-0-1", "A-100", DispatchRunState.Running), (first.RunId, first.Parameters["order"], first.State));

        await _bed.ReportAsync(runId, 0, outputs: """{"total":"12.5"}""");

        var runs = await _bed.DispatchRunsAsync();
        Assert.Equal(2, runs.Count);
        Assert.Equal(($"wf{runId}-1-1", "A-100-B", "12.5"), (runs[1].RunId, runs[1].Parameters["order"], runs[1].Parameters["amount"]));
        await _bed.ReportAsync(runId, 1, outputs: """{"booked":"yes"}""");

        var run = await _bed.RunAsync(runId);
        Assert.Equal((WorkflowRunState.Succeeded, (int?)null, (DateTime?)_bed.Dispatch.Now, (DateTime?)null),
            (run.State, run.CurrentStepIndex, run.FinishedAt, run.NextWakeAt));
        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal([("fetch", WorkflowStepState.Succeeded), ("book", WorkflowStepState.Succeeded)], attempts.Select(a => (a.StepName, a.State)));
        Assert.Equal("""{"total":"12.5"}""", attempts[0].Outputs);
        var log = await _bed.LogAsync(runId);
        Assert.Contains(log, l => l.Message.Contains("\"amount\":\"12.5\"", StringComparison.Ordinal));
        Assert.Equal("The run succeeded.", log[^1].Message);
    }

    [Fact]
    public async Task RobotRunEnd_NextStepDispatchedInTheDispatchersCommit_ItsRequestSentAfter_NoEnginePass()
    {
        // The HTTP step is refused by the runner (no host is allowed here): its failure shows the request was handed over.
        var notify = new WorkflowStep("notify", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("POST", "http://hooks.invalid/done") };
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")), notify);
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        await _bed.Dispatch.ReportAsync((await _bed.DispatchRunOfAsync(runId, 0)).RunId, ExecutionStatus.Completed, outputs: null, error: null);
        await _bed.Dispatch.PassAsync();
        await _bed.Host.Get<Core.Workflows.Engine.WorkflowHttpSteps>().DrainAsync();

        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal([WorkflowStepState.Succeeded, WorkflowStepState.Failed], attempts.Select(a => a.State));
        Assert.Equal(attempts[0].EndedAt, attempts[1].StartedAt);
        Assert.Contains("Workbench:Workflows:HttpAllowedHosts", attempts[1].Error, StringComparison.Ordinal);
        Assert.Equal(WorkflowRunState.Failed, (await _bed.RunAsync(runId)).State);
    }

    [Fact]
    public async Task Pass_RobotStepPastItsTimeout_AttemptTimedOut_RunFailed_RobotAskedToStop()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")) with { TimeoutSeconds = 60 });
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(59));
        await _bed.EnginePassAsync();
        Assert.Equal(WorkflowStepState.Running, (await _bed.AttemptsAsync(runId))[0].State);

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _bed.EnginePassAsync();

        var attempt = Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Equal((WorkflowStepState.TimedOut, "The step did not finish within its time-out (60 s)."), (attempt.State, attempt.Error));
        var run = await _bed.RunAsync(runId);
        Assert.Equal((WorkflowRunState.Failed, (int?)0), (run.State, run.CurrentStepIndex));
        Assert.Equal([$"wf{runId}-0-1"], _bed.Stops);
    }

    [Fact]
    public async Task Pass_FailedStepWithRetries_NextAttemptWaitsForTheBackoff_ThenRunsAndSucceeds()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")) with { Attempts = 3, BackoffSeconds = 60 });
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        await _bed.ReportAsync(runId, 0, ExecutionStatus.Failed, error: "登录失败");
        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal(2, attempts.Count);
        Assert.Equal((WorkflowStepState.Failed, "登录失败"), (attempts[0].State, attempts[0].Error));
        Assert.Equal((2, WorkflowStepState.Pending, (DateTime?)_bed.Dispatch.Now.AddSeconds(60)), (attempts[1].Attempt, attempts[1].State, attempts[1].NotBefore));

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(59));
        await _bed.PassAsync();
        Assert.Single(await _bed.DispatchRunsAsync());

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _bed.PassAsync();
        Assert.Equal($"wf{runId}-0-2", (await _bed.DispatchRunsAsync())[^1].RunId);

        // The second failure waits twice as long: 120 s.
        await _bed.ReportAsync(runId, 0, ExecutionStatus.Failed, error: "登录失败");
        Assert.Equal(_bed.Dispatch.Now.AddSeconds(120), (await _bed.AttemptsAsync(runId))[^1].NotBefore);
        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(120));
        await _bed.PassAsync();
        await _bed.ReportAsync(runId, 0);

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        Assert.Equal(3, (await _bed.DispatchRunsAsync()).Count);
    }

    [Fact]
    public async Task Pass_OnFailureStop_RunFailsOnThatStep_NothingAfterRuns()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.FailingStep("check"), WorkflowEngineBed.WaitStep("after", seconds: 0));
        var runId = await _bed.StartRunAsync(workflow);

        await _bed.EnginePassAsync();

        var run = await _bed.RunAsync(runId);
        Assert.Equal((WorkflowRunState.Failed, (int?)0), (run.State, run.CurrentStepIndex));
        Assert.StartsWith("Step \"check\" failed: The parameter \"order\" template could not be rendered:", run.Error);
        Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Empty(await _bed.DispatchRunsAsync());
    }

    [Fact]
    public async Task Pass_OnFailureContinue_NextStepRuns_RunSucceeds()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.FailingStep("check") with { OnFailure = WorkflowFailureAction.Continue },
            WorkflowEngineBed.WaitStep("after", seconds: 0));
        var runId = await _bed.StartRunAsync(workflow);

        await _bed.EnginePassAsync();

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        Assert.Equal([("check", WorkflowStepState.Failed), ("after", WorkflowStepState.Succeeded)],
            (await _bed.AttemptsAsync(runId)).Select(a => (a.StepName, a.State)));
    }

    [Fact]
    public async Task Pass_RobotStepFailsWithOnFailureContinue_NextStepReadsItsFailedStatus()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")) with { OnFailure = WorkflowFailureAction.Continue },
            _bed.RobotStep("report", ("order", "{{ steps.fetch.status }}")));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        await _bed.ReportAsync(runId, 0, ExecutionStatus.Failed, outputs: """{"total":"9"}""", error: "网页打不开");

        var runs = await _bed.DispatchRunsAsync();
        Assert.Equal(($"wf{runId}-1-1", "failed"), (runs[^1].RunId, runs[^1].Parameters["order"]));
        Assert.Contains(await _bed.LogAsync(runId), l => l.Message == "Step \"fetch\" failed; the run continues (on failure: continue).");
    }

    [Fact]
    public async Task Pass_OnFailureGoTo_RunGoesOnWithTheNamedStep_SkippingThoseBetween()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.FailingStep("check") with { OnFailure = WorkflowFailureAction.GoTo, GoTo = "fallback" },
            WorkflowEngineBed.WaitStep("skipped", seconds: 600), WorkflowEngineBed.WaitStep("fallback", seconds: 0));
        var runId = await _bed.StartRunAsync(workflow);

        await _bed.EnginePassAsync();

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        Assert.Equal(["check", "fallback"], (await _bed.AttemptsAsync(runId)).Select(a => a.StepName));
    }

    [Fact]
    public async Task Pause_WhileAStepRuns_RunPausesAfterIt_NextStepNotDispatchedUntilResumed()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")), _bed.RobotStep("book", ("order", "B")));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        await _bed.Runs.PauseAsync(runId, Ct);
        await _bed.EnginePassAsync();
        Assert.Equal((WorkflowRunState.Running, true), ((await _bed.RunAsync(runId)).State, (await _bed.RunAsync(runId)).PauseRequested));

        await _bed.ReportAsync(runId, 0);
        await _bed.PassAsync();

        var paused = await _bed.RunAsync(runId);
        Assert.Equal((WorkflowRunState.Paused, false, (int?)1, (DateTime?)null), (paused.State, paused.PauseRequested, paused.CurrentStepIndex, paused.NextWakeAt));
        Assert.Equal(WorkflowStepState.Pending, (await _bed.AttemptsAsync(runId))[^1].State);
        Assert.Single(await _bed.DispatchRunsAsync());

        await _bed.Runs.ResumeAsync(runId, Ct);
        await _bed.PassAsync();

        Assert.Equal($"wf{runId}-1-1", (await _bed.DispatchRunsAsync())[^1].RunId);
        Assert.Equal(WorkflowRunState.Running, (await _bed.RunAsync(runId)).State);
    }

    [Fact]
    public async Task Cancel_WhileTheRobotRuns_RobotAskedToStop_LateEndChangesNothing()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")));
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.PassAsync();

        await _bed.Runs.CancelAsync(runId, Ct);
        Assert.Equal([$"wf{runId}-0-1"], _bed.Stops);

        await _bed.ReportAsync(runId, 0, ExecutionStatus.Stopped);

        var run = await _bed.RunAsync(runId);
        Assert.Equal(WorkflowRunState.Cancelled, run.State);
        Assert.Equal(WorkflowStepState.Cancelled, Assert.Single(await _bed.AttemptsAsync(runId)).State);
    }

    [Fact]
    public async Task Restart_FailedSecondStepWithEditedInputs_RunsOnlyThatStepAgain_WithTheNewValue()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")),
            _bed.RobotStep("book", ("order", "{{ inputs.order }}"), ("amount", "{{ steps.fetch.outputs.total }}")));
        var runId = await _bed.StartRunAsync(workflow, "A-100");
        await _bed.PassAsync();
        await _bed.ReportAsync(runId, 0, outputs: """{"total":"7"}""");
        await _bed.ReportAsync(runId, 1, ExecutionStatus.Failed, error: "库存不足");
        Assert.Equal(WorkflowRunState.Failed, (await _bed.RunAsync(runId)).State);

        await _bed.Runs.RestartAsync(runId, new Dictionary<string, string?> { ["order"] = "A-200" }, Ct);
        await _bed.PassAsync();
        await _bed.ReportAsync(runId, 1);

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        var runs = await _bed.DispatchRunsAsync();
        Assert.Equal([$"wf{runId}-0-1", $"wf{runId}-1-1", $"wf{runId}-1-2"], runs.Select(r => r.RunId));
        Assert.Equal(("A-200", "7"), (runs[2].Parameters["order"], runs[2].Parameters["amount"]));
    }
}
