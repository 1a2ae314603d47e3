using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Benchmarks.Batches;

/// <summary>
/// <c>-- kill9</c>: a batch of <see cref="Items"/> items on 20 simulated robots; the Workbench (its own process) is
/// killed with SIGKILL (<see cref="Process.Kill(bool)"/>) once a third of the items are done, restarted on the same
/// database, and left to finish. The runs in flight at the kill die with it (the simulated robots live in the
/// Workbench's process), so the restarted dispatcher must judge them lost (here after 15 s, not 2 h) and the batch
/// retry their items. PASS when: every item ends Successful; every run id has at most one execution log and every
/// item exactly one completed log (none ran twice); every item's attempts equal its runs, one more than its runs
/// that ended without completing (no retry without a system failure); and items completed after the restart.
/// </summary>
public static class KillNineBenchmark
{
    public const string Command = "kill9";
    private const int Items = 300;
    private const int Robots = 20;
    private static readonly string[] Recovery =
    [
        "--Workbench:Dispatch:LostAfter", "00:00:15", "--Workbench:Dispatch:LostGrace", "00:00:02",
        "--Workbench:Dispatch:StartingGrace", "00:00:20", "--Workbench:Batches:RetryDelay", "00:00:01",
    ];

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        var (taskId, _) = await BatchFleet.SeedAsync(database, Robots, cancellationToken);
        var batchId = await BatchFleet.CreateBatchAsync(database, taskId, BatchFleet.WriteCsv(database.Folder, Items), cancellationToken);

        var clock = Stopwatch.StartNew();
        var server = await BatchFleet.StartWorkbenchAsync(database, cancellationToken, Recovery);
        await WaitAsync(database, batchId, done => done >= Items / 3, TimeSpan.FromMinutes(5), cancellationToken);
        await server.DisposeAsync(); // Process.Kill: SIGKILL, no shutdown
        var killedAt = clock.Elapsed;
        var doneAtKill = await CountAsync(database, batchId, "successful", cancellationToken);
        var inFlightAtKill = await database.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM \"DispatchRuns\" WHERE \"BatchId\" = {batchId} AND \"State\" IN ('starting', 'running')", cancellationToken);

        await using var restarted = await BatchFleet.StartWorkbenchAsync(database, cancellationToken, Recovery);
        var restartedAt = clock.Elapsed;
        // Beyond what the runs in flight at the kill could account for: items run by the restarted process.
        await WaitAsync(database, batchId, done => done > doneAtKill + inFlightAtKill, TimeSpan.FromMinutes(2), cancellationToken);
        var firstAfterRestart = clock.Elapsed - restartedAt;
        var finished = await WaitAsync(database, batchId, done => done >= Items, TimeSpan.FromMinutes(5), cancellationToken);
        var check = await CheckAsync(database, batchId, cancellationToken);

        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{Items} items on {Robots} simulated robots (runs of 1–3 s).");
        Console.WriteLine();
        Console.WriteLine($"- killed (SIGKILL) at {killedAt.TotalSeconds:F1} s with {doneAtKill} items done and {inFlightAtKill} runs in flight");
        Console.WriteLine($"- restarted at {restartedAt.TotalSeconds:F1} s; "
                          + $"{doneAtKill + inFlightAtKill + 1} items done (more than done or in flight at the kill) {firstAfterRestart.TotalSeconds:F1} s after it; "
                          + (finished ? $"batch finished at {clock.Elapsed.TotalSeconds:F1} s" : "batch NOT finished within 5 minutes"));
        Console.WriteLine($"- items successful {check.Successful} of {Items}; other states: {check.OtherStates}");
        Console.WriteLine($"- runs {check.Runs} ({check.Completed} completed, {check.NotCompleted} ended without completing: {check.NotCompletedOutcomes}); "
                          + $"run ids with more than one log: {check.RunIdsLoggedTwice}; items with other than one completed log: {check.ItemsNotCompletedOnce}; "
                          + $"items whose attempts differ from their runs: {check.AttemptsOff}; retried items: {check.RetriedItems}");
        var pass = finished && check.Successful == Items && check.RunIdsLoggedTwice == 0 && check.ItemsNotCompletedOnce == 0 && check.AttemptsOff == 0;
        Console.WriteLine();
        Console.WriteLine(pass ? "PASS: no item lost, none run twice, progress resumed." : "FAIL (see the counts above).");
        return pass ? 0 : 1;
    }

    private static Task<long> CountAsync(BenchmarkDatabase database, long batchId, string state, CancellationToken cancellationToken) =>
        database.ScalarAsync<long>($"SELECT COUNT(*) FROM \"BatchItems\" WHERE \"BatchId\" = {batchId} AND \"State\" = '{state}'", cancellationToken);

    // True once the count of successful items satisfies the condition, false after the time-out.
    private static async Task<bool> WaitAsync(BenchmarkDatabase database, long batchId, Func<long, bool> done, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await CountAsync(database, batchId, "successful", cancellationToken)))
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(200, cancellationToken);
        }

        return true;
    }

    private static async Task<Verdict> CheckAsync(BenchmarkDatabase database, long batchId, CancellationToken cancellationToken)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var items = await db.BatchItems.AsNoTracking().Where(i => i.BatchId == batchId).Select(i => new { i.Id, i.State, i.Attempts }).ToListAsync(cancellationToken);
        var runs = await db.DispatchRuns.AsNoTracking().Where(r => r.BatchId == batchId)
            .Select(r => new { r.RunId, r.BatchItemId, r.Outcome, Logs = db.ExecutionLogs.Count(l => l.ExecutionId == r.RunId),
                CompletedLogs = db.ExecutionLogs.Count(l => l.ExecutionId == r.RunId && l.Status == ExecutionStatus.Completed) })
            .ToListAsync(cancellationToken);
        var runsByItem = runs.ToLookup(r => r.BatchItemId);
        var notCompleted = runs.Where(r => r.Outcome != ExecutionStatus.Completed).ToList();
        return new Verdict(
            items.Count(i => i.State == BatchItemState.Successful),
            string.Join(", ", items.Where(i => i.State != BatchItemState.Successful).GroupBy(i => i.State).Select(g => $"{g.Key} {g.Count()}").DefaultIfEmpty("none")),
            runs.Count,
            runs.Count(r => r.Outcome == ExecutionStatus.Completed),
            notCompleted.Count,
            string.Join(", ", notCompleted.GroupBy(r => r.Outcome?.ToString() ?? "none").Select(g => $"{g.Key} {g.Count()}").DefaultIfEmpty("none")),
            runs.Count(r => r.Logs > 1),
            items.Count(i => runsByItem[i.Id].Sum(r => r.CompletedLogs) != 1),
            items.Count(i => i.Attempts != runsByItem[i.Id].Count() || runsByItem[i.Id].Count(r => r.Outcome != ExecutionStatus.Completed) != i.Attempts - 1),
            items.Count(i => i.Attempts > 1));
    }

    private sealed record Verdict(
        int Successful, string OtherStates, int Runs, int Completed, int NotCompleted, string NotCompletedOutcomes,
        int RunIdsLoggedTwice, int ItemsNotCompletedOnce, int AttemptsOff, int RetriedItems);
}
