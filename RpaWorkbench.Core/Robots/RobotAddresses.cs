using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace RpaWorkbench.Core.Robots;

/// <summary>Where a robot's agent is reached: directly, through the intranet tunnel, or at the simulated robot.</summary>
internal sealed class RobotAddresses(IOptions<RobotOptions> options, SimulatedRobotAddress simulated)
{
    /// <summary>The agent's base address (ending in '/'), or why there is none.</summary>
    public bool TryResolve(RobotEndpoint robot, [NotNullWhen(true)] out Uri? baseAddress, [NotNullWhen(false)] out string? problem)
    {
        var robots = options.Value;
        (baseAddress, problem) = robots.Mode switch
        {
            RobotMode.Tunnel => (Under(robots.TunnelBaseUrl!, robot.TaskControl), (string?)null),
            RobotMode.Simulated when simulated.IsListening => (Under(simulated.BaseAddress, robot.TaskControl), null),
            RobotMode.Simulated => (null, "The simulated robot agent is not running (it starts with the Workbench's host)."),
            _ when robot.Host.Length == 0 || robot.Port <= 0 => ((Uri?)null, "The account has no host and port; edit it first."),
            _ => (Direct(robot), null),
        };
        return baseAddress is not null;
    }

    private static Uri Direct(RobotEndpoint robot)
    {
        var host = System.Net.IPAddress.TryParse(robot.Host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{robot.Host}]"
            : robot.Host;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{robot.Port}/"));
    }

    private static Uri Under(Uri root, string taskControl)
    {
        var text = root.AbsoluteUri.TrimEnd('/');
        return new Uri($"{text}/{Uri.EscapeDataString(taskControl)}/");
    }
}
