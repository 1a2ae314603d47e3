using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// The dispatch queue as operators see it: the runs waiting for a robot and those in flight, and removing a waiting
/// run. Any signed-in role may read; operators and admins may cancel (audited).
/// </summary>
public sealed class DispatchQueue(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ICurrentUser user,
    AuditTrail audit,
    DispatchTransitions transitions)
{
    /// <summary>A cancel of a run that already started or left the queue.</summary>
    public const string RunNotWaitingCode = "RunNotWaiting";

    /// <summary>One page of the queue in the order it is served (priority, then first queued), and the number of matches.</summary>
    public async Task<PageResult<QueueRow>> ListAsync(QueueQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var states = query.States is { Count: > 0 } given ? given : QueueQuery.OpenStates;
        var runs = db.DispatchRuns.AsNoTracking().Where(r => states.Contains(r.State));
        var total = await runs.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, QueueQuery.MaxPageSize);
        var items = await runs
            .OrderBy(r => r.Priority).ThenBy(r => r.EnqueuedAt).ThenBy(r => r.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(r => new QueueRow(r.Id, r.RunId, r.TaskId, r.Task!.TaskName,
                r.TargetAccountId, db.Accounts.Where(a => a.Id == r.TargetAccountId).Select(a => a.ShadowBotAccount).FirstOrDefault(),
                r.TargetGroupId, r.TargetGroup!.Name,
                r.AccountId, r.Account!.ShadowBotAccount,
                r.Priority, r.State, r.BatchId, r.Batch!.Name, r.Attempt, r.EnqueuedAt, r.NotBefore, r.ExpiresAt, r.StartedAt, r.Error))
            .ToListAsync(cancellationToken);
        return new PageResult<QueueRow>(items, total);
    }

    /// <summary>Removes a waiting run from the queue (cancelled; whoever owns it is told).</summary>
    /// <exception cref="RuleViolationException">No such run (<see cref="ErrorCodes.NotFound"/>), or it is no longer waiting.</exception>
    public async Task CancelAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        string taskName;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            taskName = await db.DispatchRuns.Where(r => r.Id == id).Select(r => r.Task!.TaskName).SingleOrDefaultAsync(cancellationToken)
                ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Queued run {id} does not exist.");
        }

        var who = user.DisplayName ?? user.Name;
        var cancelled = await transitions.EndWaitingAsync(id, DispatchRunState.Cancelled, $"Cancelled by {who}.",
            (db, run) => audit.Record(db, AuditActions.QueuedRunCancelled,
                new AuditTarget(AuditTargetTypes.Task, run.TaskId.ToString(CultureInfo.InvariantCulture), taskName),
                new AuditChanges().Field("run_id", null, run.RunId).Field("state", "waiting", "cancelled")),
            cancellationToken);
        if (cancelled is null)
        {
            throw new RuleViolationException(RunNotWaitingCode, "Only a waiting run can be cancelled; this one has started or left the queue.");
        }
    }
}
