using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Robots;

/// <summary>
/// Sends each start and stop the way <c>Workbench:Robots:Mode</c> reaches robots: ShadowBot jobs, or the agent protocol;
/// every start a robot accepted is counted in <c>workbench.runs.started</c>.
/// </summary>
internal sealed class RobotAgentRouter(IOptions<RobotOptions> options, IServiceProvider services, WorkbenchMetrics metrics) : IRobotAgent
{
    public async Task<RobotAgentResult> StartAsync(RobotEndpoint robot, RobotStartRequest request, CancellationToken cancellationToken)
    {
        var result = await Agent().StartAsync(robot, request, cancellationToken);
        if (result.IsAccepted)
        {
            metrics.RunStarted(request.AppName);
        }

        return result;
    }

    public Task<RobotAgentResult> StopAsync(RobotEndpoint robot, RobotStopRequest request, CancellationToken cancellationToken) =>
        Agent().StopAsync(robot, request, cancellationToken);

    private IRobotAgent Agent() => options.Value.Mode == RobotMode.ShadowBot
        ? services.GetRequiredService<ShadowBotRobotAgent>()
        : services.GetRequiredService<HttpRobotAgent>();
}
