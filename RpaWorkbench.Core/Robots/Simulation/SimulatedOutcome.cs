namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>How the simulated robot's run turns out, which decides what it reports (a stopped run is reported as failed).</summary>
internal enum SimulatedOutcome
{
    Completed,
    Failed,
    Stopped,
}
