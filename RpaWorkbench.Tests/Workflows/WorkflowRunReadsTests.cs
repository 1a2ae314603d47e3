using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// Run reads on seeded rows and a fake clock. History of the four-step workflow: fetch took 100, 200 and 300 s (median
/// 200), notify 10 and 30 s (median 20); pause weighs its 60 configured seconds; sign_off has no history and weighs the
/// median of the others (200, 60, 20 → 60). Total weight 340. The runs under test ran their steps in those medians, so
/// their own attempts (history too) leave the medians as they are.
/// </summary>
public sealed class WorkflowRunReadsTests : IAsyncLifetime
{
    private readonly CoreTestHost _host = new();
    private WorkflowRunSeed _seed = null!;
    private (long WorkflowId, long VersionId) _workflow;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    private WorkflowRunReads Reads => _host.Get<WorkflowRunReads>();

    public async ValueTask InitializeAsync()
    {
        await _host.MigrateAsync();
        _seed = new WorkflowRunSeed(_host);
        _workflow = await _seed.WorkflowAsync();
        foreach (var (fetch, notify) in new[] { (100.0, 10.0), (200.0, 30.0), (300.0, (double?)null) })
        {
            List<(int, WorkflowStepState, double, double?)> attempts = [(0, WorkflowStepState.Succeeded, 5000, fetch)];
            if (notify is { } n)
            {
                attempts.Add((2, WorkflowStepState.Succeeded, 4000, n));
            }

            await _seed.RunAsync(_workflow, WorkflowRunState.Failed, 2, [.. attempts]);
        }

        // A failed attempt's time is not history.
        await _seed.RunAsync(_workflow, WorkflowRunState.Failed, 0, (0, WorkflowStepState.Failed, 9000, 5000));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Progress_RunningFirstStep_CountsElapsedAgainstItsMedian()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 50, null));

        var detail = (await Reads.GetAsync(run, Ct))!;

        // 50 of 340; the ETA leaves out the approval: 200 + 60 + 20 − 50 = 230 s.
        Assert.Equal((14, (DateTime?)Now.AddSeconds(230)), (detail.Run.Progress, detail.Run.Eta));
        Assert.Equal(("Fetch the order", WorkflowRunStatus.Running), (detail.Run.CurrentStep, detail.Run.Status));
    }

    [Fact]
    public async Task Progress_StepRunningPastItsMedian_CountsAtMost95Percent()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 1000, null));

        var row = (await Reads.GetAsync(run, Ct))!.Run;

        // 190 of 340; 280 − 190 = 90 s left.
        Assert.Equal((55, (DateTime?)Now.AddSeconds(90)), (row.Progress, row.Eta));
    }

    [Fact]
    public async Task Progress_ThirdStep_CountsEarlierStepsFully()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 2,
            (0, WorkflowStepState.Succeeded, 400, 200), (1, WorkflowStepState.Succeeded, 250, 60), (2, WorkflowStepState.Running, 5, null));

        var row = (await Reads.GetAsync(run, Ct))!.Run;

        // 200 + 60 + 5 = 265 of 340; 20 − 5 = 15 s left.
        Assert.Equal((77, (DateTime?)Now.AddSeconds(15)), (row.Progress, row.Eta));
    }

    [Fact]
    public async Task Progress_WaitingForApproval_AddsNothingToTheEta()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 3,
            (0, WorkflowStepState.Succeeded, 400, 200), (1, WorkflowStepState.Succeeded, 250, 60), (2, WorkflowStepState.Succeeded, 100, 20),
            (3, WorkflowStepState.Waiting, 50, null));

        var detail = (await Reads.GetAsync(run, Ct))!;

        Assert.Equal((82, (DateTime?)Now), (detail.Run.Progress, detail.Run.Eta));
        Assert.Equal(new WorkflowWaitingApproval(3, "sign_off", "sign_off", WorkflowApprover.Admin, "Sign off", null), detail.WaitingApproval);
    }

    [Fact]
    public async Task Progress_PausedAndSucceededRuns_HaveNoEta()
    {
        var paused = await _seed.RunAsync(_workflow, WorkflowRunState.Paused, 1, (0, WorkflowStepState.Succeeded, 400, 200));
        var succeeded = await _seed.RunAsync(_workflow, WorkflowRunState.Succeeded, null, (0, WorkflowStepState.Succeeded, 400, 200));

        var rows = (await Reads.ListAsync(new WorkflowRunQuery { WorkflowId = _workflow.WorkflowId }, Ct)).Items.ToDictionary(r => r.Id);

        Assert.Equal((58, (DateTime?)null), (rows[paused].Progress, rows[paused].Eta));
        Assert.Equal((100, (DateTime?)null, (string?)null), (rows[succeeded].Progress, rows[succeeded].Eta, rows[succeeded].CurrentStep));
    }

    [Fact]
    public async Task Progress_WithoutAnyHistory_WeighsStepsEquallyAndHasNoEta()
    {
        var plain = await _seed.WorkflowAsync("Plain", new WorkflowDefinition
        {
            Steps = [new WorkflowStep("a", WorkflowStepKind.Http), new WorkflowStep("b", WorkflowStepKind.Http), new WorkflowStep("c", WorkflowStepKind.Http), new WorkflowStep("d", WorkflowStepKind.Http)],
        });
        var run = await _seed.RunAsync(plain, WorkflowRunState.Running, 2, (2, WorkflowStepState.Pending, 0, null));

        var row = (await Reads.GetAsync(run, Ct))!.Run;

        Assert.Equal((50, (DateTime?)null), (row.Progress, row.Eta));
    }

    [Fact]
    public async Task History_IsTheLast50SucceededAttempts()
    {
        var quick = await _seed.WorkflowAsync("Quick", new WorkflowDefinition { Steps = [new WorkflowStep("a", WorkflowStepKind.Http), new WorkflowStep("b", WorkflowStepKind.Http)] });
        var older = Enumerable.Repeat((0, WorkflowStepState.Succeeded, 90_000.0, (double?)1000), 60).ToArray();
        var newer = Enumerable.Repeat((0, WorkflowStepState.Succeeded, 10_000.0, (double?)10), 50).ToArray();
        await _seed.RunAsync(quick, WorkflowRunState.Failed, 0, [.. older, .. newer]);
        var run = await _seed.RunAsync(quick, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 4, null));

        var row = (await Reads.GetAsync(run, Ct))!.Run;

        // a: median 10 of the newest 50 (not 1000); b weighs a's 10: 4 of 20, 16 s left.
        Assert.Equal((20, (DateTime?)Now.AddSeconds(16)), (row.Progress, row.Eta));
    }

    [Fact]
    public async Task Timeline_ListsEveryStepWithItsAttemptsInOrder()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 2,
            (0, WorkflowStepState.Succeeded, 400, 200), (1, WorkflowStepState.Succeeded, 250, 60),
            (2, WorkflowStepState.Failed, 100, 7), (2, WorkflowStepState.Running, 5, null));

        var detail = (await Reads.GetAsync(run, Ct))!;

        Assert.Equal(["fetch", "pause", "notify", "sign_off"], detail.Steps.Select(s => s.Name));
        Assert.Equal([WorkflowStepState.Succeeded, WorkflowStepState.Succeeded, WorkflowStepState.Running, null], detail.Steps.Select(s => s.State));
        Assert.Equal([(1, WorkflowStepState.Failed, (double?)7), (2, WorkflowStepState.Running, null)],
            detail.Steps[2].Attempts.Select(a => (a.Attempt, a.State, a.DurationSeconds)));
        Assert.Equal(new Dictionary<string, string?> { ["order_id"] = "A-17", ["count"] = "3" }, detail.Inputs);
        Assert.Null(detail.WaitingApproval);
    }

    [Fact]
    public async Task Logs_AfterAnId_ReturnsOnlyNewerLinesWithTheirStep()
    {
        var run = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 5, null));
        await using (var db = await _host.CreateDbContextAsync())
        {
            var step = db.WorkflowStepRuns.Single(s => s.RunId == run);
            WorkflowRunLog.Add(db, run, null, WorkflowLogLevel.Info, "Started", Now);
            WorkflowRunLog.Add(db, run, step.Id, WorkflowLogLevel.Warn, "Robot busy", Now);
            await db.SaveChangesAsync(Ct);
        }

        var all = await Reads.LogsAsync(run, null, Ct);
        var after = await Reads.LogsAsync(run, all[0].Id, Ct);

        Assert.Equal([("Started", null, null), ("Robot busy", "fetch", (int?)1)], all.Select(l => (l.Message, l.StepName, l.Attempt)));
        Assert.Equal([WorkflowLogLevel.Warn], after.Select(l => l.Level));
        var unknown = await Assert.ThrowsAsync<RuleViolationException>(() => Reads.LogsAsync(999, null, Ct));
        Assert.Equal(ErrorCodes.NotFound, unknown.Code);
    }

    [Fact]
    public async Task List_FiltersByStatusAndTriggerNewestFirst_AndAViewerMayRead()
    {
        var pausing = await _seed.RunAsync(_workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 5, null));
        await using (var db = await _host.CreateDbContextAsync())
        {
            await db.WorkflowRuns.Where(r => r.Id == pausing).ExecuteUpdateAsync(s => s.SetProperty(r => r.PauseRequested, true).SetProperty(r => r.Trigger, WorkflowTrigger.Api), Ct);
        }

        _host.User.SignIn(Roles.Viewer);

        var page = await Reads.ListAsync(new WorkflowRunQuery { Status = WorkflowRunStatus.Pausing }, Ct);
        var failed = await Reads.ListAsync(new WorkflowRunQuery { Status = WorkflowRunStatus.Failed, PageSize = 2 }, Ct);
        var api = await Reads.ListAsync(new WorkflowRunQuery { Trigger = WorkflowTrigger.Api, StartedFrom = Now.AddHours(-2), StartedTo = Now }, Ct);
        var before = await Reads.ListAsync(new WorkflowRunQuery { StartedTo = Now.AddHours(-2) }, Ct);

        Assert.Equal((pausing, "Orders", 1), (Assert.Single(page.Items).Id, page.Items[0].WorkflowName, page.TotalCount));
        Assert.Equal((4, 2), (failed.TotalCount, failed.Items.Count));
        Assert.True(failed.Items[0].Id > failed.Items[1].Id);
        Assert.Equal([pausing], api.Items.Select(r => r.Id));
        Assert.Empty(before.Items);
    }
}
