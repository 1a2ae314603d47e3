namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// pending → starting → running → stopping → pending. A ShadowBot job accepted while no robot is idle waits in
/// ShadowBot's queue: starting → queued → running.
/// </summary>
public enum RobotTaskStatus
{
    Pending,
    Starting,
    Queued,
    Running,
    Stopping,
}
