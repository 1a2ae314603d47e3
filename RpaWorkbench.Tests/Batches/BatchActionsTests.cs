using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Batches;

public sealed class BatchActionsTests : IAsyncLifetime
{
    private BatchScenario _s = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _s = await BatchScenario.StartAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task PauseAndResume_SwitchTheStateAndRefuseTheWrongOne()
    {
        var batch = await _s.ThreeRowBatchAsync();

        var paused = await _s.Batches.PauseAsync(batch.Id, Ct);
        var again = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.PauseAsync(batch.Id, Ct));
        var resumed = await _s.Batches.ResumeAsync(batch.Id, Ct);
        var notPaused = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.ResumeAsync(batch.Id, Ct));

        Assert.Equal((BatchState.Paused, 1), (paused.State, paused.Version));
        Assert.Equal(BatchErrorCodes.NotRunning, again.Code);
        Assert.Equal((BatchState.Running, 2), (resumed.State, resumed.Version));
        Assert.Equal(BatchErrorCodes.NotPaused, notPaused.Code);
        Assert.Equal(["batch.created", "batch.paused", "batch.resumed"],
            await _s.Core.ReadAsync(db => db.AuditEntries.Where(e => e.TargetType == "batch").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Cancel_CancelsWaitingRunsAndNewItemsAndAsksTheRobotToStopTheRunInFlight()
    {
        await using var robot = await RecordingRobotAgent.StartAsync();
        await _s.Core.ReadAsync(db => db.Accounts.Where(a => a.Id == _s.AccountId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.HostIp, "127.0.0.1").SetProperty(a => a.Port, robot.Port), Ct));
        var batch = await _s.ThreeRowBatchAsync();
        var runs = await _s.RunsAsync(batch.Id);
        await _s.StartAsync(runs[0]);

        var cancelled = await _s.Batches.CancelAsync(batch.Id, Ct);

        Assert.Equal((BatchState.Cancelled, _s.Core.Clock.GetUtcNow().UtcDateTime), (cancelled.State, cancelled.FinishedAt!.Value));
        Assert.Equal(new BatchCounts(0, 1, 0, 0, 0, 0, 2), cancelled.Counts);
        Assert.Equal([DispatchRunState.Running, DispatchRunState.Cancelled, DispatchRunState.Cancelled], (await _s.RunsAsync(batch.Id)).Select(r => r.State));
        var stop = Assert.Single(robot.Requests);
        Assert.EndsWith("stop", stop.Path, StringComparison.Ordinal);
        Assert.Contains(runs[0].RunId, stop.Body, StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.CancelAsync(batch.Id, Ct));
        Assert.Equal(BatchErrorCodes.Finished, twice.Code);
    }

    [Fact]
    public async Task RetryFailed_QueuesTheNextAttemptOfFailedAndAbandonedItemsAndRunsTheBatchAgain()
    {
        var batch = await _s.ThreeRowBatchAsync(maxRetries: 0);
        var runs = await _s.RunsAsync(batch.Id);
        foreach (var run in runs)
        {
            await _s.StartAsync(run);
        }

        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed);
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Failed, "业务失败");
        await _s.EndAsync(runs[2], DispatchRunState.Ended, ExecutionStatus.Lost);
        Assert.Equal(BatchState.Completed, (await _s.Batches.GetAsync(batch.Id, Ct))!.State);

        var retried = await _s.Batches.RetryFailedAsync(batch.Id, Ct);

        Assert.Equal((BatchState.Running, (DateTime?)null), (retried.State, retried.FinishedAt));
        Assert.Equal(new BatchCounts(2, 0, 1, 0, 0, 0, 0), retried.Counts);
        var items = await _s.ItemsAsync(batch.Id);
        var next = (await _s.RunsAsync(batch.Id)).Where(r => r.Attempt == 2).OrderBy(r => r.BatchItemId).ToList();
        Assert.Equal([items[1].Id, items[2].Id], next.Select(r => r.BatchItemId));
        Assert.Equal([BatchItem.RunIdOf(items[1].RunKey, 2), BatchItem.RunIdOf(items[2].RunKey, 2)], next.Select(r => r.RunId));
        Assert.All(next, r => Assert.Equal((DispatchRunState.Waiting, (DateTime?)null), (r.State, r.NotBefore)));
        var nothing = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.RetryFailedAsync(batch.Id, Ct));
        Assert.Equal(BatchErrorCodes.NothingToRetry, nothing.Code);
    }

    [Fact]
    public async Task Actions_UnknownBatchOrViewer_Refused()
    {
        var batch = await _s.ThreeRowBatchAsync();

        var missing = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.PauseAsync(batch.Id + 100, Ct));
        _s.Core.User.SignIn(Roles.Viewer);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _s.Batches.CancelAsync(batch.Id, Ct));

        Assert.Equal(ErrorCodes.NotFound, missing.Code);
        Assert.Equal(BatchState.Running, (await _s.Batches.GetAsync(batch.Id, Ct))!.State);
    }

    [Fact]
    public async Task ListGetAndItems_FilterPageAndMeasureThePace()
    {
        var first = await _s.ThreeRowBatchAsync();
        _s.Core.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _s.ThreeRowBatchAsync();
        await _s.Batches.PauseAsync(first.Id, Ct);
        var runs = await _s.RunsAsync(second.Id);
        _s.Core.Clock.Advance(TimeSpan.FromMinutes(4));
        await _s.StartAsync(runs[0]);
        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed);
        await _s.StartAsync(runs[1]);
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Failed);

        var all = await _s.Batches.ListAsync(new BatchQuery(), Ct);
        var paused = await _s.Batches.ListAsync(new BatchQuery { State = BatchState.Paused, TaskId = _s.TaskId }, Ct);
        var detail = (await _s.Batches.GetAsync(second.Id, Ct))!;
        var failed = await _s.Batches.ItemsAsync(second.Id, new BatchItemQuery { State = BatchItemState.Failed }, Ct);
        var page2 = await _s.Batches.ItemsAsync(second.Id, new BatchItemQuery { Page = 1, PageSize = 2 }, Ct);

        Assert.Equal([second.Id, first.Id], all.Items.Select(b => b.Id));
        Assert.Equal(new BatchCounts(1, 0, 1, 1, 0, 0, 0), all.Items[0].Counts);
        Assert.Equal(("订单录入", 3), (all.Items[0].TaskName, all.Items[0].Counts.Total));
        Assert.Equal(first.Id, Assert.Single(paused.Items).Id);
        // Two items ended in the 4 minutes since the batch was created: 0.5 a minute, so the last one takes 2 minutes.
        Assert.Equal((0.5, TimeSpan.FromMinutes(2)), (detail.ThroughputPerMinute, detail.Eta!.Value));
        Assert.Equal((3, 1), (Assert.Single(failed.Items).RowNumber, failed.TotalCount));
        Assert.Equal((4, 3), (Assert.Single(page2.Items).RowNumber, page2.TotalCount));
        Assert.Null((await _s.Batches.GetAsync(first.Id, Ct))!.Eta);
        Assert.Null(await _s.Batches.GetAsync(999, Ct));
        await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.ItemsAsync(999, new BatchItemQuery(), Ct));
    }
}
