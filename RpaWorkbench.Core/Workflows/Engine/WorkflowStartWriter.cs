using System.Threading.Channels;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// A checked start waiting to be written: the new run (made afresh for each try, as a failed commit leaves the one it
/// tried changed), its first step's name, its first log line and its audit entry (written once the run has its id).
/// </summary>
internal sealed record WorkflowStart(Func<WorkflowRun> NewRun, string FirstStepName, string LogMessage, Action<WorkbenchDbContext, WorkflowRun> Audit);

/// <summary>
/// Writes started runs: starts that arrive together are written together, up to <see cref="StartsPerCommit"/> in one
/// transaction (one durable commit for a burst instead of one each, as the webhook ingest does), and each run's first
/// step is dispatched in that same commit, so a start does not wait for an engine pass. Where the engine is off on this
/// instance (<see cref="WorkflowOptions.Enabled"/>) the runs are only written and left to the instance that runs it. A
/// commit that fails is tried again start by start, so one start's failure is its own.
/// </summary>
internal sealed class WorkflowStartWriter(
    IDbContextFactory<WorkbenchDbContext> contexts,
    WorkflowRunAdvancer advancer,
    WorkflowFollowUps followUps,
    WorkflowHttpSteps http,
    IWorkbenchEvents events,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<WorkflowStartWriter> logger)
{
    private const int StartsPerCommit = 50;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _writerStarted;

    /// <summary>Writes <paramref name="start"/> (with others waiting at the same time); returns the committed run.</summary>
    public async Task<WorkflowRun> WriteAsync(WorkflowStart start)
    {
        if (Interlocked.Exchange(ref _writerStarted, 1) == 0)
        {
            _ = Task.Run(WriteWaitingAsync);
        }

        var pending = new Pending(start, new TaskCompletionSource<WorkflowRun>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending.Writer.TryWrite(pending);
        return await pending.Written.Task;
    }

    // The one writer: takes what is waiting and writes it in one commit; a failed commit goes again start by start.
    private async Task WriteWaitingAsync()
    {
        var batch = new List<Pending>(StartsPerCommit);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < StartsPerCommit && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 1 || !await TryWriteAsync(batch))
            {
                foreach (var pending in batch)
                {
                    await WriteOneAsync(pending);
                }
            }

            batch.Clear();
        }
    }

    private async Task<bool> TryWriteAsync(List<Pending> batch)
    {
        IReadOnlyList<WorkflowRun> runs;
        try
        {
            runs = await WriteAsync(batch.Select(p => p.Start).ToList());
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "{Count} workflow starts could not be written together; writing them one by one", batch.Count);
            return false;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Written.TrySetResult(runs[i]);
        }

        return true;
    }

    private async Task WriteOneAsync(Pending pending)
    {
        try
        {
            pending.Written.TrySetResult((await WriteAsync([pending.Start]))[0]);
        }
        catch (Exception ex)
        {
            pending.Written.TrySetException(ex);
        }
    }

    // The runs in the order of the starts, committed.
    private async Task<IReadOnlyList<WorkflowRun>> WriteAsync(IReadOnlyList<WorkflowStart> starts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var runs = starts.Select(s => s.NewRun()).ToList();
        db.WorkflowRuns.AddRange(runs);
        await db.SaveChangesAsync();
        foreach (var (start, run) in starts.Zip(runs))
        {
            db.WorkflowStepRuns.Add(new WorkflowStepRun { RunId = run.Id, StepIndex = 0, StepName = start.FirstStepName, CreatedAt = run.CreatedAt });
            WorkflowRunLog.Add(db, run.Id, null, WorkflowLogLevel.Info, start.LogMessage, run.CreatedAt);
            start.Audit(db, run);
        }

        await db.SaveChangesAsync();
        if (!options.Value.Enabled)
        {
            await transaction.CommitAsync();
            events.Publish([.. runs.Select(run => new WorkflowRunChanged(run.Id, run.WorkflowId))]);
            return runs;
        }

        // The first steps are dispatched in this commit (not by the engine's next pass).
        var moved = await advancer.MoveAsync(db, runs, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await transaction.CommitAsync();
        await followUps.AfterCommitAsync(moved, http.Send);
        return runs;
    }

    private sealed record Pending(WorkflowStart Start, TaskCompletionSource<WorkflowRun> Written);
}
