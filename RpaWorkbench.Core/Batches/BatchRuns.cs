using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>The queued runs of batch items: the first attempt at upload, the next after a system failure or an operator's retry.</summary>
internal static class BatchRuns
{
    /// <summary>The item's first attempt, queued now for the task's target (its group, else its account).</summary>
    public static DispatchRun First(RobotTask task, Batch batch, BatchItem item, IReadOnlyDictionary<string, string?> parameters, DateTime now) =>
        new()
        {
            RunId = BatchItem.RunIdOf(item.RunKey, 1),
            TaskId = task.Id,
            TargetGroupId = task.GroupId,
            TargetAccountId = task.GroupId is null ? task.AccountId : null,
            Priority = batch.Priority,
            Parameters = parameters,
            EnqueuedAt = now,
            ExpiresAt = ExpiryOf(batch, now),
            BatchId = batch.Id,
            BatchItemId = item.Id,
            Attempt = 1,
        };

    /// <summary>Attempt <paramref name="attempt"/> of the item, after <paramref name="previous"/>: same task, target and parameters, not started before <paramref name="notBefore"/>.</summary>
    public static DispatchRun Next(DispatchRun previous, Batch batch, BatchItem item, int attempt, DateTime now, DateTime? notBefore) =>
        new()
        {
            RunId = BatchItem.RunIdOf(item.RunKey, attempt),
            TaskId = previous.TaskId,
            TargetGroupId = previous.TargetGroupId,
            TargetAccountId = previous.TargetAccountId,
            Priority = batch.Priority,
            Parameters = previous.Parameters,
            EnqueuedAt = now,
            NotBefore = notBefore,
            ExpiresAt = ExpiryOf(batch, notBefore ?? now),
            BatchId = batch.Id,
            BatchItemId = item.Id,
            Attempt = attempt,
        };

    // The wait timeout counts from when the run may start, so a retry's backoff does not eat into it.
    private static DateTime? ExpiryOf(Batch batch, DateTime waitingFrom) =>
        batch.WaitTimeoutSeconds is { } seconds ? waitingFrom.AddSeconds(seconds) : null;
}
