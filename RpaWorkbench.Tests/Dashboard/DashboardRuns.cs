using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>Execution-complete callbacks for dashboard tests: a run of an app on a robot account.</summary>
internal static class DashboardRuns
{
    public static ExecutionCallback Run(
        string account, string app, ExecutionStatus status, DateTime startUtc, double seconds, int items = 0, string? error = null) =>
        new(new RobotIdentity(account, null, null), app, status, startUtc, startUtc.AddSeconds(seconds), seconds, items, items, 0,
            false, false, null, null, Guid.NewGuid().ToString("N"), null, error, null);
}
