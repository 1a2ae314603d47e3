using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Benchmarks.Workflows;

/// <summary>
/// The timings read back from a set of runs' attempts (milliseconds): each attempt's dispatch overhead (its StartedAt —
/// for an HTTP step the moment its request reached the server — − the previous attempt's EndedAt in its run, or − the
/// run's CreatedAt for the first) by step index, a robot step's
/// wait for a free robot (its DispatchRun's StartedAt − the attempt's StartedAt), and how late wait steps ended
/// (EndedAt − DueAt).
/// </summary>
internal sealed class WorkflowStepTimes
{
    private readonly List<(int Step, double Ms)> _overheads = [];

    public List<double> RobotQueueWait { get; } = [];
    public List<double> WaitLateness { get; } = [];

    /// <summary>Attempt starts and ends committed in each second from the first to the last (the engine's and the HTTP steps' commits).</summary>
    public List<double> TransitionsPerSecond { get; } = [];

    /// <summary>The runs' end states and how many ended in each, e.g. <c>succeeded 1000</c>.</summary>
    public string Outcomes { get; private set; } = "";

    /// <summary>The overheads of step <paramref name="stepIndex"/>'s attempts, or of every attempt when null.</summary>
    public List<double> Overhead(int? stepIndex) => _overheads.Where(o => stepIndex is null || o.Step == stepIndex).Select(o => o.Ms).ToList();

    /// <param name="arrivedAt">When an HTTP step's request of a run reached the server (null: not seen, the attempt's StartedAt counts).</param>
    public static async Task<WorkflowStepTimes> ReadAsync(BenchmarkDatabase database, IReadOnlyList<WorkflowStep> steps, IReadOnlyCollection<long> runIds,
        Func<long, WorkflowStep, DateTime?> arrivedAt, CancellationToken cancellationToken)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.WorkflowRuns.AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Select(r => new { r.Id, r.CreatedAt, r.State }).ToListAsync(cancellationToken);
        var attempts = await db.WorkflowStepRuns.AsNoTracking().Where(s => runIds.Contains(s.RunId))
            .Select(s => new
            {
                s.Id, s.RunId, s.StepIndex, s.StartedAt, s.EndedAt, s.DueAt,
                Claimed = s.DispatchRun == null ? null : s.DispatchRun.StartedAt,
            })
            .ToListAsync(cancellationToken);

        var times = new WorkflowStepTimes
        {
            Outcomes = string.Join(", ", runs.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{ContractName.Of(g.Key)} {g.Count():N0}")),
        };
        var created = runs.ToDictionary(r => r.Id, r => r.CreatedAt);
        var instants = attempts.SelectMany(a => new[] { a.StartedAt, a.EndedAt }).OfType<DateTime>().ToList();
        if (instants.Count > 0)
        {
            var first = instants.Min();
            var perSecond = instants.GroupBy(t => (int)(t - first).TotalSeconds).ToDictionary(g => g.Key, g => g.Count());
            times.TransitionsPerSecond.AddRange(Enumerable.Range(0, perSecond.Keys.Max() + 1).Select(s => (double)perSecond.GetValueOrDefault(s)));
        }

        foreach (var run in attempts.GroupBy(a => a.RunId))
        {
            var previousEnd = created[run.Key];
            foreach (var attempt in run.OrderBy(a => a.Id))
            {
                if (attempt.StartedAt is not { } started)
                {
                    break;
                }

                var dispatched = arrivedAt(run.Key, steps[attempt.StepIndex]) ?? started;
                times._overheads.Add((attempt.StepIndex, (dispatched - previousEnd).TotalMilliseconds));
                if (attempt.Claimed is { } claimed)
                {
                    times.RobotQueueWait.Add((claimed - started).TotalMilliseconds);
                }

                if (steps[attempt.StepIndex].Kind == WorkflowStepKind.Wait && attempt is { EndedAt: { } waitEnded, DueAt: { } due })
                {
                    times.WaitLateness.Add((waitEnded - due).TotalMilliseconds);
                }

                if (attempt.EndedAt is not { } ended)
                {
                    break;
                }

                previousEnd = ended;
            }
        }

        return times;
    }
}
