namespace RpaWorkbench.Core.Tasks;

/// <summary>Stable codes for refused run operations; the UI translates them.</summary>
public static class TaskErrorCodes
{
    public const string TaskNotPending = "TaskNotPending";
    public const string TaskNotRunning = "TaskNotRunning";
    public const string RobotBusy = "RobotBusy";
    public const string RobotRefused = "RobotRefused";
    public const string RobotUnreachable = "RobotUnreachable";
}
