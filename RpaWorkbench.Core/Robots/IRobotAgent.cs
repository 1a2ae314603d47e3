namespace RpaWorkbench.Core.Robots;

/// <summary>The port to robot agents: start and stop runs on a robot, wherever it is reached.</summary>
public interface IRobotAgent
{
    Task<RobotAgentResult> StartAsync(RobotEndpoint robot, RobotStartRequest request, CancellationToken cancellationToken);

    Task<RobotAgentResult> StopAsync(RobotEndpoint robot, RobotStopRequest request, CancellationToken cancellationToken);
}

/// <summary>The robot to talk to: its host and port, and its task control (the tunnel's name for it).</summary>
public sealed record RobotEndpoint(string Host, int Port, string TaskControl);
