using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Robots;

/// <summary>Sends each start and stop the way <c>Workbench:Robots:Mode</c> reaches robots: ShadowBot jobs, or the agent protocol.</summary>
internal sealed class RobotAgentRouter(IOptions<RobotOptions> options, IServiceProvider services) : IRobotAgent
{
    public Task<RobotAgentResult> StartAsync(RobotEndpoint robot, RobotStartRequest request, CancellationToken cancellationToken) =>
        Agent().StartAsync(robot, request, cancellationToken);

    public Task<RobotAgentResult> StopAsync(RobotEndpoint robot, RobotStopRequest request, CancellationToken cancellationToken) =>
        Agent().StopAsync(robot, request, cancellationToken);

    private IRobotAgent Agent() => options.Value.Mode == RobotMode.ShadowBot
        ? services.GetRequiredService<ShadowBotRobotAgent>()
        : services.GetRequiredService<HttpRobotAgent>();
}
