namespace RpaWorkbench.Core.Tasks;

/// <summary>Stable codes for refused task operations and task form fields; the UI translates them.</summary>
public static class TaskErrorCodes
{
    public const string TaskNotPending = "TaskNotPending";
    public const string TaskNotRunning = "TaskNotRunning";
    public const string RobotBusy = "RobotBusy";
    public const string RobotRefused = "RobotRefused";
    public const string RobotUnreachable = "RobotUnreachable";

    /// <summary>"Run again" is only for runs that failed, were stopped, timed out or were lost.</summary>
    public const string RunNotRepeatable = "RunNotRepeatable";

    /// <summary>The run's task was deleted (or the robot reported a run no task started), so it cannot run again.</summary>
    public const string RunHasNoTask = "RunHasNoTask";

    /// <summary>Field codes of the task form.</summary>
    public const string InvalidJson = "InvalidJson";
    public const string InvalidCron = "InvalidCron";
    public const string NotInFuture = "NotInFuture";
    public const string AccountNotRegistered = "AccountNotRegistered";

    /// <summary>The group a task targets does not exist (it may have been deleted).</summary>
    public const string GroupNotFound = "GroupNotFound";

    /// <summary>The config JSON has a secret shown as "******" where the task stores no value to keep.</summary>
    public const string SecretNotKept = "SecretNotKept";
}
