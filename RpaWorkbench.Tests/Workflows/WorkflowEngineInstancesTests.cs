using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>Two Workbench instances on one database: each step is dispatched exactly once.</summary>
public sealed class WorkflowEngineInstancesTests : IAsyncLifetime
{
    private WorkflowEngineBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await WorkflowEngineBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Pass_TwoEnginesOnOneDatabaseAtOnce_EachStepQueuedOnce_RunsGoOnToTheEnd()
    {
        await using var other = _bed.Host.OnTheSameDatabase();
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")), WorkflowEngineBed.WaitStep("rest", seconds: 30));
        List<long> runIds = [];
        for (var i = 0; i < 6; i++)
        {
            runIds.Add(await _bed.StartRunAsync(workflow, $"A-{i}"));
        }

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(_bed.EnginePassAsync(), _bed.EnginePassAsync(other));
        }

        var queued = await _bed.DispatchRunsAsync();
        Assert.Equal(runIds.Select(id => $"wf{id}-0-1").Order(), queued.Select(r => r.RunId).Order());
        foreach (var runId in runIds)
        {
            Assert.Equal([(1, WorkflowStepState.Running)], (await _bed.AttemptsAsync(runId)).Select(a => (a.Attempt, a.State)));
        }

        // The robot takes one run at a time; each run's end moves it on, on whichever engine passes first.
        foreach (var runId in runIds)
        {
            await _bed.PassAsync();
            await _bed.ReportAsync(runId, 0);
        }

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        other.Clock.Advance(TimeSpan.FromSeconds(30));
        await Task.WhenAll(_bed.EnginePassAsync(), _bed.EnginePassAsync(other));
        foreach (var runId in runIds)
        {
            Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
            Assert.Equal(2, (await _bed.AttemptsAsync(runId)).Count);
        }
    }

    [Fact]
    public async Task EngineOffOnThisInstance_ARobotRunsEnd_WakesTheRunButLeavesTheNextStepToTheEngine()
    {
        await using var bed = await WorkflowEngineBed.StartAsync(("Workbench:Workflows:Enabled", "false"));
        var workflow = await bed.AddWorkflowAsync(bed.RobotStep("fetch", ("order", "{{ inputs.order }}")), WorkflowEngineBed.WaitStep("rest", seconds: 30));
        var runId = await bed.StartRunAsync(workflow);
        Assert.Equal([WorkflowStepState.Pending], (await bed.AttemptsAsync(runId)).Select(a => a.State));

        await bed.PassAsync();
        await bed.Dispatch.ReportAsync((await bed.DispatchRunOfAsync(runId, 0)).RunId, Core.Executions.ExecutionStatus.Completed, outputs: null, error: null);
        await bed.Dispatch.PassAsync();

        Assert.Equal([WorkflowStepState.Succeeded], (await bed.AttemptsAsync(runId)).Select(a => a.State));
        Assert.Equal((DateTime?)bed.Dispatch.Now, (await bed.RunAsync(runId)).NextWakeAt);
        await bed.EnginePassAsync();
        Assert.Equal([WorkflowStepState.Succeeded, WorkflowStepState.Running], (await bed.AttemptsAsync(runId)).Select(a => a.State));
    }
}
