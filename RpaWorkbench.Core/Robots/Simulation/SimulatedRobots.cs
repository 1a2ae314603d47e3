namespace RpaWorkbench.Core.Robots.Simulation;

internal enum StartOutcome
{
    /// <summary>A new run began.</summary>
    Started,

    /// <summary>This run id was already accepted (running or finished): nothing new began.</summary>
    Duplicate,

    /// <summary>The robot is running another run.</summary>
    Busy,
}

internal sealed record StartAnswer(StartOutcome Outcome, string? Message = null);

/// <summary>
/// The simulated robots' state, as a real agent keeps it: at most one run per robot (task control), and run ids
/// remembered (the last <see cref="RememberedRunIds"/> finished ones too) so a repeated start is answered, not run twice.
/// </summary>
internal sealed class SimulatedRobots(SimulatedRunScript script, ILogger<SimulatedRobots> logger)
{
    private const int RememberedRunIds = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedRun> _runningByRobot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedRun> _runningById = new(StringComparer.Ordinal);
    private readonly Dictionary<SimulatedRun, Task> _plays = [];
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly Queue<string> _finishedOrder = new();

    /// <summary>Starts the run unless its id is known or the robot is busy; the run then plays in the background.</summary>
    public StartAnswer Start(string taskControl, RobotStartRequest request, CancellationToken shutdown)
    {
        lock (_gate)
        {
            if (_runningById.ContainsKey(request.RunId) || _finished.Contains(request.RunId))
            {
                return new StartAnswer(StartOutcome.Duplicate);
            }

            if (_runningByRobot.TryGetValue(taskControl, out var current))
            {
                return new StartAnswer(StartOutcome.Busy,
                    $"The robot is busy with run {current.Request.RunId} ({current.Request.AppName}).");
            }

            var run = new SimulatedRun(taskControl, request);
            _runningByRobot[taskControl] = run;
            _runningById[request.RunId] = run;
            _plays[run] = Task.Run(() => PlayAsync(run, shutdown), CancellationToken.None);
        }

        logger.LogInformation("Simulated robot {TaskControl} started run {RunId} of {AppName}", taskControl, request.RunId, request.AppName);
        return new StartAnswer(StartOutcome.Started);
    }

    /// <summary>Asks this robot's run to stop; false when the robot is not running it (unknown or already finished).</summary>
    public bool Stop(string taskControl, string runId)
    {
        lock (_gate)
        {
            if (!_runningById.TryGetValue(runId, out var run) || run.TaskControl != taskControl)
            {
                return false;
            }

            run.Stop();
        }

        logger.LogInformation("Simulated robot {TaskControl} stopping run {RunId}", taskControl, runId);
        return true;
    }

    /// <summary>Completes when every run has ended (after shutdown has been signalled, that is at once).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_plays.Values.ToArray());
        }
    }

    private async Task PlayAsync(SimulatedRun run, CancellationToken shutdown)
    {
        try
        {
            await script.PlayAsync(run, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The Workbench is stopping; nobody is left to report to.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Simulated run {RunId} on {TaskControl} ended unexpectedly", run.Request.RunId, run.TaskControl);
        }
        finally
        {
            Finish(run);
        }
    }

    // The robot is free again only after it has reported, so a late completion never lands on the next run.
    private void Finish(SimulatedRun run)
    {
        lock (_gate)
        {
            _runningByRobot.Remove(run.TaskControl);
            _runningById.Remove(run.Request.RunId);
            _plays.Remove(run);
            _finished.Add(run.Request.RunId);
            _finishedOrder.Enqueue(run.Request.RunId);
            if (_finishedOrder.Count > RememberedRunIds)
            {
                _finished.Remove(_finishedOrder.Dequeue());
            }
        }

        run.Dispose();
    }
}
