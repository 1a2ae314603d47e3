namespace RpaWorkbench.Core.Executions;

/// <summary>Who runs what in generated history: an app on a robot account, of a task when there is one.</summary>
internal sealed record Runner(long AccountId, string Account, string Host, string App, long? TaskId, DateTime? LastSeen)
{
    public AppRhythm Rhythm { get; init; } = AppRhythm.Default;
}

/// <summary>
/// Picks the runner of each generated run, by its app's weight, among the robots still heard from when the run starts:
/// a robot whose last heartbeat is older than a run does not run it (every callback counts as a heartbeat, so a run
/// after it would contradict it). Runs are picked in start-time order, so robots only ever drop out.
/// </summary>
internal sealed class RunnerPicker
{
    private readonly List<Runner> _active;
    private double[] _cumulative = [];
    private DateTime _nextDropOut;

    public RunnerPicker(IEnumerable<Runner> runners)
    {
        _active = runners.Where(r => r.Rhythm.Weight > 0).ToList();
        Rebuild();
    }

    /// <summary>A runner for a run starting at <paramref name="start"/>, or null when no robot was heard from then.</summary>
    public Runner? Pick(DateTime start, Random random)
    {
        if (start >= _nextDropOut)
        {
            _active.RemoveAll(r => r.LastSeen <= start);
            Rebuild();
        }

        if (_active.Count == 0)
        {
            return null;
        }

        var pick = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return _active[Math.Min(pick < 0 ? ~pick : pick, _active.Count - 1)];
    }

    private void Rebuild()
    {
        _cumulative = new double[_active.Count];
        for (var i = 0; i < _active.Count; i++)
        {
            _cumulative[i] = _active[i].Rhythm.Weight + (i > 0 ? _cumulative[i - 1] : 0);
        }

        _nextDropOut = _active.Select(r => r.LastSeen ?? DateTime.MaxValue).DefaultIfEmpty(DateTime.MaxValue).Min();
    }
}
