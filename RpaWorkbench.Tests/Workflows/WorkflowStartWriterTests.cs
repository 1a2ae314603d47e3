using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Engine;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>Starts that arrive together are written together, each run's first step dispatched in that commit; one bad start fails alone.</summary>
public sealed class WorkflowStartWriterTests : IAsyncLifetime
{
    private WorkflowEngineBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await WorkflowEngineBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task TwentyStartsAtOnce_AllWrittenWithTheirFirstStepQueued_AndAnAuditEntryEach()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")));

        var runs = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => _bed.StartRunAsync(workflow, $"A-{i}")));

        Assert.Equal(20, runs.Distinct().Count());
        var queued = await _bed.DispatchRunsAsync();
        Assert.Equal(runs.Select(id => $"wf{id}-0-1").Order(), queued.Select(r => r.RunId).Order());
        foreach (var runId in runs)
        {
            Assert.Equal([WorkflowStepState.Running], (await _bed.AttemptsAsync(runId)).Select(a => a.State));
        }

        var audited = await _bed.Host.ReadAsync(db => db.AuditEntries.CountAsync(e => e.Action == "workflow.run_started", Ct));
        Assert.Equal(20, audited);
    }

    [Fact]
    public async Task OneStartThatCannotBeWritten_FailsAlone_TheOthersAreWritten()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ inputs.order }}")));
        var writer = _bed.Host.Get<WorkflowStartWriter>();
        var version = await _bed.Host.ReadAsync(db => db.WorkflowVersions.SingleAsync(v => v.WorkflowId == workflow, Ct));
        var now = _bed.Dispatch.Now;
        WorkflowStart Start(long versionId, string order) => new(
            () => new WorkflowRun
            {
                WorkflowId = workflow, WorkflowVersionId = versionId, VersionNumber = 1, Trigger = WorkflowTrigger.Api, CurrentStepIndex = 0,
                Inputs = new Dictionary<string, string?> { ["order"] = order }, NextWakeAt = now, StartedBy = "ops", CreatedAt = now, UpdatedAt = now,
            },
            "fetch", "Started.", (_, _) => { });

        // A version that does not exist breaks the foreign key: that start's commit fails, whichever starts share it.
        var writes = new[] { Start(version.Id, "A-1"), Start(version.Id + 1000, "BAD"), Start(version.Id, "A-2") }.Select(writer.WriteAsync).ToList();

        await Assert.ThrowsAsync<DbUpdateException>(() => writes[1]);
        var good = new[] { await writes[0], await writes[2] };
        Assert.Equal(["A-1", "A-2"], good.Select(r => r.Inputs["order"]));
        Assert.Equal(good.Select(r => $"wf{r.Id}-0-1").Order(), (await _bed.DispatchRunsAsync()).Select(r => r.RunId).Order());
        Assert.Equal(2, await _bed.Host.ReadAsync(db => db.WorkflowRuns.CountAsync(Ct)));
    }
}
