namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// Told by the dispatcher, inside the transaction that records it, when a queued run starts or ends, so what owns the
/// run (a batch item; later a workflow step) moves on in the same commit: nothing is lost or done twice across a crash.
/// Each listener ignores runs that are not its own (<see cref="DispatchRun.BatchItemId"/> null for a batch's).
/// </summary>
/// <remarks>
/// When <see cref="EndedAsync"/> is called the run's <see cref="DispatchRun.State"/> is final:
/// <list type="bullet">
/// <item><see cref="DispatchRunState.Ended"/> with an <see cref="DispatchRun.Outcome"/>: what the robot reported, or
/// the Workbench's verdict (timed out, lost) — <c>completed</c> and <c>failed</c> are the robot's word on the work,
/// <c>timed_out</c> and <c>lost</c> are system failures, <c>stopped</c> means someone stopped it.</item>
/// <item><see cref="DispatchRunState.Ended"/> without an outcome: it never started (the agent refused or was
/// unreachable; <see cref="DispatchRun.Error"/> says why) — a system failure.</item>
/// <item><see cref="DispatchRunState.Expired"/>: it waited past <see cref="DispatchRun.ExpiresAt"/>.</item>
/// <item><see cref="DispatchRunState.Cancelled"/>: removed from the queue before it started.</item>
/// </list>
/// A listener may add and save rows (a retry's next <see cref="DispatchRun"/>) but must not commit: the dispatcher does,
/// then calls <see cref="CommittedAsync"/> for work that must wait until the move is durable.
/// </remarks>
public interface IDispatchRunListener
{
    /// <summary>The run was accepted by its robot's agent (<see cref="DispatchRun.AccountId"/>, <see cref="DispatchRun.StartedAt"/> set).</summary>
    Task StartedAsync(WorkbenchDbContext db, DispatchRun run, CancellationToken cancellationToken);

    /// <summary>The run reached a final state; <paramref name="outputs"/> is the robot's <c>outputs</c> JSON object from its callback, if any.</summary>
    Task EndedAsync(WorkbenchDbContext db, DispatchRun run, string? outputs, CancellationToken cancellationToken);

    /// <summary>The move this listener was told of (<paramref name="run"/> started or ended) is committed.</summary>
    Task CommittedAsync(DispatchRun run) => Task.CompletedTask;
}
