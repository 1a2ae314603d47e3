using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Batches;

/// <summary>The listener called as the dispatcher calls it: inside a transaction on a real SQLite file, on a fake clock.</summary>
public sealed class BatchRunListenerTests : IAsyncLifetime
{
    private BatchScenario _s = null!;

    public async ValueTask InitializeAsync() => _s = await BatchScenario.StartAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task Started_MarksTheItemInProgressWithItsAttemptAndRun()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var run = (await _s.RunsAsync(batch.Id))[0];

        await _s.StartAsync(run);

        var item = (await _s.ItemsAsync(batch.Id))[0];
        Assert.Equal((BatchItemState.InProgress, 1, run.RunId, _s.Core.Clock.GetUtcNow().UtcDateTime), (item.State, item.Attempts, item.RunId, item.StartedAt!.Value));
    }

    [Fact]
    public async Task Ended_RobotOutcomes_MapToSuccessfulAndFailedWithoutRetry()
    {
        var batch = await _s.ThreeRowBatchAsync(maxRetries: 3);
        var runs = await _s.RunsAsync(batch.Id);
        await _s.StartAsync(runs[0]);
        await _s.StartAsync(runs[1]);

        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed, outputs: """{"order_no":"SO-1"}""");
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Failed, error: "客户不存在");

        var items = await _s.ItemsAsync(batch.Id);
        Assert.Equal((BatchItemState.Successful, """{"order_no":"SO-1"}""", null), (items[0].State, items[0].Outputs, items[0].LastError));
        Assert.Equal((BatchItemState.Failed, "客户不存在"), (items[1].State, items[1].LastError));
        Assert.Equal(_s.Core.Clock.GetUtcNow().UtcDateTime, items[1].EndedAt);
        Assert.Equal(3, (await _s.RunsAsync(batch.Id)).Count);
    }

    [Theory]
    [InlineData(DispatchRunState.Ended, ExecutionStatus.TimedOut)]
    [InlineData(DispatchRunState.Ended, ExecutionStatus.Lost)]
    [InlineData(DispatchRunState.Ended, null)]
    public async Task Ended_SystemFailures_RetriedWithDoublingBackoffThenAbandoned(DispatchRunState state, ExecutionStatus? outcome)
    {
        var batch = await _s.ThreeRowBatchAsync(maxRetries: 2);
        var run = (await _s.RunsAsync(batch.Id))[0];
        var start = _s.Core.Clock.GetUtcNow().UtcDateTime;

        await _s.StartAsync(run);
        await _s.EndAsync(run, state, outcome, error: "robot unreachable");
        var second = Assert.Single(await _s.RunsAsync(batch.Id), r => r.Attempt == 2);
        Assert.Equal((DispatchRunState.Waiting, start.AddSeconds(30)), (second.State, second.NotBefore!.Value));
        Assert.Equal(run.Parameters, second.Parameters);
        var item = (await _s.ItemsAsync(batch.Id))[0];
        Assert.Equal((BatchItemState.Retried, "robot unreachable"), (item.State, item.LastError));
        Assert.Equal(BatchItem.RunIdOf(item.RunKey, 2), second.RunId);

        _s.Core.Clock.Advance(TimeSpan.FromSeconds(31));
        await _s.StartAsync(second);
        await _s.EndAsync(second, state, outcome);
        var third = Assert.Single(await _s.RunsAsync(batch.Id), r => r.Attempt == 3);
        Assert.Equal(_s.Core.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), third.NotBefore);

        await _s.StartAsync(third);
        await _s.EndAsync(third, state, outcome);

        item = (await _s.ItemsAsync(batch.Id))[0];
        Assert.Equal((BatchItemState.Abandoned, 3), (item.State, item.Attempts));
        Assert.Equal(3, (await _s.RunsAsync(batch.Id)).Count(r => r.BatchItemId == item.Id));
    }

    [Fact]
    public void Backoff_DoublesFromThirtySecondsAndStopsAtTenMinutes()
    {
        var options = new BatchOptions();

        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(480), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)],
            new[] { 1, 2, 3, 5, 6, 40 }.Select(options.BackoffAfter));
    }

    [Fact]
    public async Task Ended_ExpiredOrCancelledInTheQueue_AbandonsOrCancelsTheItem()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var runs = await _s.RunsAsync(batch.Id);

        await _s.EndAsync(runs[0], DispatchRunState.Expired, null);
        await _s.EndAsync(runs[1], DispatchRunState.Cancelled, null);

        var items = await _s.ItemsAsync(batch.Id);
        Assert.Equal([BatchItemState.Abandoned, BatchItemState.Cancelled, BatchItemState.New], items.Select(i => i.State));
        Assert.Equal(3, (await _s.RunsAsync(batch.Id)).Count);
    }

    [Fact]
    public async Task Ended_Stopped_FailsTheItemUnlessTheBatchWasCancelled()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var runs = await _s.RunsAsync(batch.Id);
        await _s.StartAsync(runs[0]);
        await _s.StartAsync(runs[1]);

        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Stopped);
        await _s.Batches.CancelAsync(batch.Id, TestContext.Current.CancellationToken);
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Stopped);

        var items = await _s.ItemsAsync(batch.Id);
        Assert.Equal([BatchItemState.Failed, BatchItemState.Cancelled, BatchItemState.Cancelled], items.Select(i => i.State));
        Assert.Equal(BatchState.Cancelled, (await _s.Batches.GetAsync(batch.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Ended_LastOpenItem_CompletesTheBatch()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var runs = await _s.RunsAsync(batch.Id);
        foreach (var run in runs)
        {
            await _s.StartAsync(run);
        }

        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed);
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Failed);
        Assert.Equal(BatchState.Running, (await _s.Batches.GetAsync(batch.Id, TestContext.Current.CancellationToken))!.State);

        _s.Core.Clock.Advance(TimeSpan.FromMinutes(1));
        await _s.EndAsync(runs[2], DispatchRunState.Ended, ExecutionStatus.Completed);

        var done = (await _s.Batches.GetAsync(batch.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal((BatchState.Completed, _s.Core.Clock.GetUtcNow().UtcDateTime), (done.State, done.FinishedAt!.Value));
        Assert.Equal(new BatchCounts(0, 0, 2, 1, 0, 0, 0), done.Counts);
    }

    [Fact]
    public async Task Ended_LastTwoItemsInOneTransaction_CompletesTheBatch()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var runs = await _s.RunsAsync(batch.Id);
        foreach (var run in runs)
        {
            await _s.StartAsync(run);
        }

        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed);
        await using (var db = await _s.Core.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            foreach (var id in new[] { runs[1].Id, runs[2].Id })
            {
                var run = await db.DispatchRuns.SingleAsync(r => r.Id == id, TestContext.Current.CancellationToken);
                (run.State, run.Outcome) = (DispatchRunState.Ended, ExecutionStatus.Completed);
                await _s.Listener.EndedAsync(db, run, null, TestContext.Current.CancellationToken);
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(BatchState.Completed, (await _s.Batches.GetAsync(batch.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task Ended_RunOfNoBatch_ChangesNothing()
    {
        var batch = await _s.ThreeRowBatchAsync();
        var run = (await _s.RunsAsync(batch.Id))[0];

        await _s.DispatchAsync(run.Id, r => r.BatchItemId = null, (db, r) => _s.Listener.EndedAsync(db, r, null, CancellationToken.None));

        Assert.All(await _s.ItemsAsync(batch.Id), i => Assert.Equal(BatchItemState.New, i.State));
    }
}
