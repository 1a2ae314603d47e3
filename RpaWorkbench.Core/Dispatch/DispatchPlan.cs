using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>
/// One pass's view of the queue: the idle robots (longest idle first), the waiting runs one of them could take now in
/// the order they are served, and the room left under each batch's concurrency limit. Runs whose target has no idle
/// robot, that must not start yet, or whose batch is paused or full are not read at all, so they hold up nobody.
/// </summary>
internal sealed class DispatchPlan
{
    private readonly List<Account> _idle;
    private readonly ILookup<long, long> _idleMembers;
    private readonly Dictionary<long, int> _batchRoom;

    private DispatchPlan(List<Account> idle, ILookup<long, long> idleMembers, Dictionary<long, int> batchRoom, List<DispatchRun> runs)
    {
        _idle = idle;
        _idleMembers = idleMembers;
        _batchRoom = batchRoom;
        Runs = runs;
    }

    /// <summary>The waiting runs an idle robot could take, highest priority first, then first queued.</summary>
    public IReadOnlyList<DispatchRun> Runs { get; }

    public static async Task<DispatchPlan> ReadAsync(WorkbenchDbContext db, DateTime now, DateTime onlineSince, CancellationToken cancellationToken)
    {
        var idle = await DispatchRobots.IdleAsync(db, onlineSince, cancellationToken);
        if (idle.Count == 0)
        {
            return new DispatchPlan(idle, Array.Empty<long>().ToLookup(id => id), [], []);
        }

        var idleIds = idle.Select(a => a.Id).ToList();
        var memberships = await db.Accounts.Where(a => idleIds.Contains(a.Id))
            .SelectMany(a => a.Groups, (a, g) => new { GroupId = g.Id, AccountId = a.Id })
            .ToListAsync(cancellationToken);
        var groupIds = memberships.Select(m => m.GroupId).Distinct().ToList();
        var batchRoom = await db.Batches
            .Where(b => b.State == BatchState.Running && b.Concurrency != null)
            .Select(b => new
            {
                b.Id,
                Room = b.Concurrency!.Value - db.DispatchRuns.Count(r => r.BatchId == b.Id
                    && (r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running)),
            })
            .ToDictionaryAsync(b => b.Id, b => b.Room, cancellationToken);
        var fullBatches = batchRoom.Where(b => b.Value <= 0).Select(b => b.Key).ToList();

        // Enough for every idle robot several times over, in case some runs' batches fill up during the pass.
        var runs = await db.DispatchRuns.AsNoTracking()
            .Where(r => r.State == DispatchRunState.Waiting && (r.NotBefore == null || r.NotBefore <= now)
                && (r.TargetAccountId != null ? idleIds.Contains(r.TargetAccountId.Value) : r.TargetGroupId != null && groupIds.Contains(r.TargetGroupId.Value))
                && (r.BatchId == null || (r.Batch!.State == BatchState.Running && !fullBatches.Contains(r.BatchId.Value))))
            .OrderBy(r => r.Priority).ThenBy(r => r.EnqueuedAt).ThenBy(r => r.Id)
            .Take(Math.Max(100, idle.Count * 4))
            .ToListAsync(cancellationToken);
        return new DispatchPlan(idle, memberships.ToLookup(m => m.GroupId, m => m.AccountId), batchRoom, runs);
    }

    /// <summary>Whether the run's batch, if it limits its concurrency, has room for one more.</summary>
    public bool HasRoom(DispatchRun run) => run.BatchId is not { } batchId || !_batchRoom.TryGetValue(batchId, out var room) || room > 0;

    /// <summary>The idle robots the run may take, the one idle longest first.</summary>
    public IReadOnlyList<Account> RobotsFor(DispatchRun run) =>
    [
        .. _idle.Where(a => run.TargetAccountId == a.Id || (run.TargetGroupId is { } groupId && _idleMembers[groupId].Contains(a.Id))),
    ];

    /// <summary>The run was claimed on the robot.</summary>
    public void Took(DispatchRun run, Account robot)
    {
        _idle.Remove(robot);
        if (run.BatchId is { } batchId && _batchRoom.TryGetValue(batchId, out var room))
        {
            _batchRoom[batchId] = room - 1;
        }
    }

    /// <summary>Someone else took the robot first.</summary>
    public void Gone(Account robot) => _idle.Remove(robot);
}
