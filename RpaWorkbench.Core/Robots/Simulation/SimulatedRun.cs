using RpaWorkbench.Core.Accounts;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>One run the simulated robot accepted: what to run, on which robot, and whether an operator asked it to stop.</summary>
internal sealed class SimulatedRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public SimulatedRun(string taskControl, RobotStartRequest request)
    {
        TaskControl = taskControl;
        Request = request;
        (Host, Port) = AddressOf(request.ShadowBotAccount, taskControl);
    }

    public string TaskControl { get; }

    public RobotStartRequest Request { get; }

    /// <summary>The robot's host, read from its task control (<c>{account}-{host}:{port}</c>); null when it names none.</summary>
    public string? Host { get; }

    public int? Port { get; }

    /// <summary>The task id to send back; ids below 1 are not tasks.</summary>
    public long? TaskId => Request.TaskId > 0 ? Request.TaskId : null;

    public CancellationToken StopRequested => _stop.Token;

    /// <summary>Asks the run to end early; it then reports itself failed ("stopped by operator").</summary>
    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    // The Workbench matches callbacks by account and, when sent, host and port: send them as the account is registered.
    private static (string? Host, int? Port) AddressOf(string account, string taskControl)
    {
        var prefix = account + "-";
        var separator = taskControl.LastIndexOf(':');
        if (!taskControl.StartsWith(prefix, StringComparison.Ordinal) || separator < prefix.Length
            || !int.TryParse(taskControl.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < AccountRules.MinPort or > AccountRules.MaxPort)
        {
            return (null, null);
        }

        var host = AccountRules.NormalizeHost(taskControl[prefix.Length..separator].Trim('[', ']'));
        return host is null ? (null, null) : (host, port);
    }
}
