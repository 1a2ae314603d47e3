namespace RpaWorkbench.Core.Robots;

/// <summary>The simulated robot agent's loopback address, known once it listens.</summary>
internal sealed class SimulatedRobotAddress
{
    private volatile Uri? _baseAddress;

    /// <summary>True once the simulated agent listens (Simulated mode, in a running host).</summary>
    public bool IsListening => _baseAddress is not null;

    public Uri BaseAddress =>
        _baseAddress ?? throw new InvalidOperationException("The simulated robot is not listening (Workbench:Robots:Mode is Simulated only in a running host).");

    internal void Set(Uri baseAddress) => _baseAddress = baseAddress;
}
