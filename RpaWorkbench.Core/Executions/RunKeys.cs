using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Core.Executions;

/// <summary>
/// The idempotency key of a run (<see cref="ExecutionLog.DedupKey"/>), 32 characters. With an <c>execution_id</c>
/// the id alone decides, so the same id is one run whatever else is re-sent. Without one, account + app + start +
/// end decide, and the key starts with the start time so new keys land at the end of the unique index (runs arrive
/// roughly in time order) instead of on a random page.
/// </summary>
internal static class RunKeys
{
    public static string ForExecutionId(string executionId) => "id" + Hash("id\n" + executionId, 15);

    /// <summary>A ShadowBot job, from its native callback (or, later, a job/query): ShadowBot's own jobUuid.</summary>
    public static string ForShadowBotJob(string jobUuid) => "sb" + Hash("sb\n" + jobUuid, 15);

    /// <summary>
    /// The key of a verdict the Workbench records on a run (timed out, lost): not the run's own key, so the robot's
    /// callback, when it finally comes, is stored as well and records the real outcome.
    /// </summary>
    public static string ForVerdict(string runId, ExecutionStatus verdict) => "wb" + Hash($"{verdict}\n{runId}", 15);

    public static string ForRun(string account, string appName, DateTime startUtc, DateTime endUtc) =>
        $"{startUtc:yyyyMMddHHmmss}" + Hash($"run\n{account}\n{appName}\n{startUtc:O}\n{endUtc:O}", 9);

    private static string Hash(string text, int bytes) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, bytes);
}
