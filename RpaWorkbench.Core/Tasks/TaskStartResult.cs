namespace RpaWorkbench.Core.Tasks;

/// <summary>What a start did: the run went to the task's robot, or (a task that targets a group) it waits in the dispatch queue.</summary>
public enum TaskStartResult
{
    Started,
    Enqueued,
}
