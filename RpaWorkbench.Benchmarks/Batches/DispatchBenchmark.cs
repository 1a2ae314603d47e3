using System.Collections.Concurrent;
using RpaWorkbench.Benchmarks.Logs;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Benchmarks.Batches;

/// <summary>
/// <c>-- dispatch</c>: 50 simulated robots (runs of 1–3 s) in one group, the Workbench in its own process, and a batch
/// of <see cref="Items"/> items for the group, enough to keep them busy for about a minute. A robot is busy from the
/// claim of a run (<see cref="DispatchRun.StartedAt"/>) until its completion is stored (the run's log's CreatedAt; the
/// simulated robot frees itself right after reporting). The idle fraction is the robots' time outside runs over their
/// total time at steady state: from the moment the last robot took its first run (warm-up) to the last claim (drain:
/// after it nothing is left to give). Baseline in the same run: the same robots each driven by a loop that starts its
/// next run itself (<c>POST /api/v1/tasks/{id}/start</c> of a task bound to the robot) as soon as the previous run's
/// log is stored (watched every 20 ms), for 60 s. Target: idle under 5 % of robot time. More arguments are passed to
/// the Workbench as settings (e.g. <c>--Workbench:Dispatch:WakeDebounce 00:00:00</c>).
/// </summary>
public static class DispatchBenchmark
{
    public const string Command = "dispatch";
    private const int Robots = 50;
    private const int Items = 1_500;
    private const double TargetIdle = 0.05;
    private static readonly TimeSpan DirectLoopTime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LogWatchInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] settings, CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        var (taskId, robotIds) = await BatchFleet.SeedAsync(database, Robots, cancellationToken);
        var directTasks = await DirectTasksAsync(database, robotIds, cancellationToken);
        await using var server = await BatchFleet.StartWorkbenchAsync(database, cancellationToken,
            ["--Workbench:Api:RateLimit:PermitsPerSecond", "1000000", "--Workbench:Api:RateLimit:Burst", "1000000", .. settings]);

        var batchId = await BatchFleet.CreateBatchAsync(database, taskId, BatchFleet.WriteWorkbook(database.Folder, Items), cancellationToken);
        var clock = Stopwatch.StartNew();
        await WaitDoneAsync(database, batchId, cancellationToken);
        var batchTime = clock.Elapsed;
        var dispatched = await BatchRunsAsync(database, batchId, cancellationToken);
        var dispatchWindow = (dispatched.GroupBy(r => r.Robot).Max(g => g.Min(r => r.Start)), dispatched.Max(r => r.Start));

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", await LogsApiBenchmark.ApiKeyAsync(database, ApiKeyScopes.Operator, cancellationToken));
        var (direct, refused) = await DirectLoopAsync(database, http, directTasks, cancellationToken);
        var directWindow = (direct.GroupBy(r => r.Robot).Max(g => g.Min(r => r.Start)), direct.Max(r => r.Start));

        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{Robots} simulated robots, runs of 1–3 s; batch of {Items:N0} items done in {batchTime.TotalSeconds:F1} s; settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}.");
        Console.WriteLine();
        Console.WriteLine("| Driven by | Runs | Steady window | Idle gap p50 | Idle gap p95 | Idle share of robot time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var queue = Print("the dispatch queue (a batch)", dispatched, dispatchWindow);
        var loop = Print($"a direct loop per robot (baseline; {refused} starts refused)", direct, directWindow);
        Console.WriteLine();
        Console.WriteLine($"Queue idle ÷ direct loop idle: {queue / loop:F2}. Target idle < {TargetIdle:P0}: {(queue < TargetIdle ? "met" : "MISSED")} ({queue:P2}).");
        return 0;
    }

    // One task per robot, bound to it, for the direct loop.
    private static async Task<Dictionary<long, long>> DirectTasksAsync(BenchmarkDatabase database, List<long> robotIds, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var tasks = robotIds.Select(id => new RobotTask { TaskName = $"direct-{id}", AppName = BatchFleet.AppName, AccountId = id, CreatedAt = now, UpdatedAt = now }).ToList();
        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync(cancellationToken);
        return tasks.ToDictionary(t => t.Id, t => t.AccountId);
    }

    private static async Task WaitDoneAsync(BenchmarkDatabase database, long batchId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (await database.ScalarAsync<long>(
                   $"SELECT COUNT(*) FROM \"BatchItems\" WHERE \"BatchId\" = {batchId} AND \"State\" IN ('new', 'in_progress', 'retried')", cancellationToken) > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Batch {batchId} was not done within 10 minutes.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task<List<RobotRun>> BatchRunsAsync(BenchmarkDatabase database, long batchId, CancellationToken cancellationToken)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        return await db.DispatchRuns.AsNoTracking()
            .Where(r => r.BatchId == batchId && r.ExecutionLogId != null)
            .Select(r => new RobotRun(r.AccountId!.Value, r.StartedAt!.Value, db.ExecutionLogs.Where(l => l.Id == r.ExecutionLogId).Select(l => l.CreatedAt).First()))
            .ToListAsync(cancellationToken);
    }

    // Each robot's loop starts its task, waits for the run's log, and starts again at once, until the time is up.
    private static async Task<(List<RobotRun> Runs, int Refused)> DirectLoopAsync(
        BenchmarkDatabase database, HttpClient http, Dictionary<long, long> robotByTask, CancellationToken cancellationToken)
    {
        var waiting = new ConcurrentDictionary<long, TaskCompletionSource<DateTime>>();
        var runs = new ConcurrentBag<RobotRun>();
        var refused = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchLogsAsync(database, waiting, stop.Token);
        var until = DateTime.UtcNow + DirectLoopTime;
        await Task.WhenAll(robotByTask.Select(async pair =>
        {
            while (DateTime.UtcNow < until)
            {
                var ended = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting[pair.Key] = ended;
                var started = DateTime.UtcNow;
                using var response = await http.PostAsync($"api/v1/tasks/{pair.Key}/start", null, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    waiting.TryRemove(pair.Key, out _);
                    Interlocked.Increment(ref refused);
                    await Task.Delay(LogWatchInterval, cancellationToken);
                    continue;
                }

                runs.Add(new RobotRun(pair.Value, started, await ended.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken)));
            }
        }));
        await stop.CancelAsync();
        await watcher;
        return ([.. runs], refused);
    }

    private static async Task WatchLogsAsync(BenchmarkDatabase database, ConcurrentDictionary<long, TaskCompletionSource<DateTime>> waiting, CancellationToken stop)
    {
        var seen = await database.ScalarAsync<long>("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"ExecutionLogs\"", stop);
        while (!stop.IsCancellationRequested)
        {
            await using (var db = await database.Contexts.CreateDbContextAsync(CancellationToken.None))
            {
                var logs = await db.ExecutionLogs.AsNoTracking().Where(l => l.Id > seen && l.TaskId != null)
                    .Select(l => new { l.Id, TaskId = l.TaskId!.Value, l.CreatedAt }).ToListAsync(CancellationToken.None);
                foreach (var log in logs)
                {
                    seen = Math.Max(seen, log.Id);
                    if (waiting.TryRemove(log.TaskId, out var ended))
                    {
                        ended.SetResult(log.CreatedAt);
                    }
                }
            }

            await Task.WhenAny(Task.Delay(LogWatchInterval, CancellationToken.None), Task.Delay(Timeout.Infinite, stop));
        }
    }

    /// <summary>Prints one row; returns the idle share of robot time in the window.</summary>
    private static double Print(string drivenBy, List<RobotRun> runs, (DateTime From, DateTime To) window)
    {
        var length = window.To - window.From;
        var busy = runs.Sum(r => Math.Max(0, ((r.End < window.To ? r.End : window.To) - (r.Start > window.From ? r.Start : window.From)).TotalSeconds));
        var idle = 1 - busy / (length.TotalSeconds * runs.Select(r => r.Robot).Distinct().Count());
        var gaps = runs.GroupBy(r => r.Robot)
            .SelectMany(g => g.OrderBy(r => r.Start).Zip(g.OrderBy(r => r.Start).Skip(1), (a, b) => (b.Start - a.End).TotalMilliseconds))
            .ToList();
        Console.WriteLine($"| {drivenBy} | {runs.Count:N0} | {length.TotalSeconds:F1} s | {Live.LiveLatencyBenchmark.Percentile(gaps, 0.5):F0} ms "
                          + $"| {Live.LiveLatencyBenchmark.Percentile(gaps, 0.95):F0} ms | {idle:P2} |");
        return idle;
    }

    private sealed record RobotRun(long Robot, DateTime Start, DateTime End);
}
