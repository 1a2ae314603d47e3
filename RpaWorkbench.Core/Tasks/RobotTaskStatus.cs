namespace RpaWorkbench.Core.Tasks;

/// <summary>pending → starting → running → stopping → pending.</summary>
public enum RobotTaskStatus
{
    Pending,
    Starting,
    Running,
    Stopping,
}
