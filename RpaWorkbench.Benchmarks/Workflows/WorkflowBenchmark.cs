using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using RpaWorkbench.Benchmarks.Batches;
using RpaWorkbench.Benchmarks.Logs;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Workflows;

/// <summary>
/// <c>-- workflows</c>: <see cref="Runs"/> runs of a five-step workflow (<see cref="WorkflowFleet"/>: http → robot_run
/// on 50 simulated robots, runs of 1–3 s → http → wait 1 s → http) started at once through
/// <c>POST /api/v1/workflows/{id}/runs</c>, the Workbench in its own process. Step dispatch overhead: an attempt's
/// StartedAt (an HTTP step's: when its request reached the server) − the previous attempt's EndedAt in its run (the
/// first step: − the run's CreatedAt). A robot step's wait
/// for a free robot (its DispatchRun's StartedAt − the attempt's StartedAt) and a wait step's lateness (EndedAt − DueAt)
/// are reported apart: they are the queue and the engine's poll, not a step's dispatch. Pages: GET of the run list and
/// of one run every 200 ms while the runs are in flight. Baselines in the same run: <see cref="AloneRuns"/> runs one
/// after another on the idle Workbench, and the same page requests on it before the load. Target: overhead p95 under
/// 50 ms. <c>--provider PostgreSQL</c> first puts the database on PostgreSQL. More arguments are passed to the Workbench as settings (e.g. <c>--Workbench:Workflows:PollInterval 00:00:00.200</c>).
/// </summary>
public static class WorkflowBenchmark
{
    public const string Command = "workflows";
    private const int Robots = 50;
    private const int Runs = 1_000;
    private const int AloneRuns = 6;
    private const int StartConcurrency = 50;
    private const double TargetP95Ms = 50;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan IdleProbeTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] settings, CancellationToken cancellationToken)
    {
        // "--provider PostgreSQL": the Workbench's database on a throw-away PostgreSQL server of its own (loopback, fsync on).
        var onPostgreSql = settings is ["--provider", var provider, ..] && provider.Equals(nameof(DatabaseProvider.PostgreSQL), StringComparison.OrdinalIgnoreCase);
        settings = onPostgreSql ? settings[2..] : settings;
        using var postgreSql = onPostgreSql ? ThrowawayPostgresServer.Start(durable: true) : null;
        await using var database = postgreSql is null
            ? await BenchmarkDatabase.CreateAsync(cancellationToken)
            : await BenchmarkDatabase.CreatePostgreSqlAsync(postgreSql.CreateDatabase("workbench"), cancellationToken);
        var (taskId, _) = await BatchFleet.SeedAsync(database, Robots, cancellationToken);
        await using var fleet = await WorkflowFleet.StartAsync(cancellationToken);
        var workflowId = await fleet.SeedWorkflowAsync(database, taskId, cancellationToken);
        await using var server = await BatchFleet.StartWorkbenchAsync(database, cancellationToken,
            ["--Workbench:Api:RateLimit:PermitsPerSecond", "1000000", "--Workbench:Api:RateLimit:Burst", "1000000", .. fleet.WorkbenchSettings, .. settings]);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", await LogsApiBenchmark.ApiKeyAsync(database, ApiKeyScopes.Operator, cancellationToken));

        var alone = new List<long>();
        for (var i = 0; i < AloneRuns; i++)
        {
            alone.Add(await StartAsync(http, workflowId, cancellationToken));
            await WaitEndedAsync(database, [alone[^1]], cancellationToken);
        }

        var idlePages = await ProbeAsync(http, alone[^1], IdleProbeTime, cancellationToken);

        var clock = Stopwatch.StartNew();
        var startRequests = new ConcurrentBag<double>();
        using var gate = new SemaphoreSlim(StartConcurrency);
        var starts = Enumerable.Range(0, Runs).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var request = Stopwatch.StartNew();
                var id = await StartAsync(http, workflowId, cancellationToken);
                startRequests.Add(request.Elapsed.TotalMilliseconds);
                return id;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loadPages = ProbeAsync(http, await starts[0], Timeout.InfiniteTimeSpan, stopProbe.Token);
        long[] load = await Task.WhenAll(starts);
        var startedIn = clock.Elapsed;
        await WaitEndedAsync(database, load, cancellationToken);
        var endedIn = clock.Elapsed;
        await stopProbe.CancelAsync();

        var steps = fleet.Steps(taskId);
        var aloneSteps = await WorkflowStepTimes.ReadAsync(database, steps, alone, fleet.ArrivedAt, cancellationToken);
        var loadSteps = await WorkflowStepTimes.ReadAsync(database, steps, load, fleet.ArrivedAt, cancellationToken);
        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; database {database.Provider}; load average {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{Robots} simulated robots (runs of 1–3 s); {Runs:N0} runs started in {startedIn.TotalSeconds:F1} s ({StartConcurrency} requests at a time), "
                          + $"all ended {endedIn.TotalSeconds:F1} s after the first start; outcomes: {loadSteps.Outcomes}; "
                          + $"HTTP steps call http://{fleet.Host ?? "(none: no host name of this machine resolves to loopback)"}:{fleet.Port} ({fleet.Served:N0} requests served); "
                          + $"settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}.");
        Console.WriteLine();
        var p95 = PrintSteps(steps, loadSteps, aloneSteps);
        var rates = loadSteps.TransitionsPerSecond;
        Console.WriteLine();
        Console.WriteLine($"Attempt starts and ends committed per second under load: median {Percentile(rates, 0.5):F0}, peak {Percentile(rates, 1):F0} "
                          + $"({rates.Sum():N0} in {rates.Count} s).");
        Console.WriteLine();
        Console.WriteLine($"Start requests (POST /api/v1/workflows/{{id}}/runs, {StartConcurrency} at a time): {Runs / startedIn.TotalSeconds:F0} starts/s, "
                          + $"p50 {Ms([.. startRequests], 0.5)}, p95 {Ms([.. startRequests], 0.95)}; a run exists (its CreatedAt) from when its write begins, "
                          + "so the wait for the database writer before that is the request's, counted here and not in step 1's overhead.");
        Console.WriteLine();
        PrintPages(idlePages, await loadPages);
        Console.WriteLine();
        Console.WriteLine($"Target step dispatch overhead p95 < {TargetP95Ms} ms: {(p95 < TargetP95Ms ? "met" : "MISSED")} ({p95:F1} ms).");
        return 0;
    }

    private static async Task<long> StartAsync(HttpClient http, long workflowId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/v1/workflows/{workflowId}/runs", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
        return body!.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task WaitEndedAsync(BenchmarkDatabase database, long[] runIds, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (await OpenCountAsync(database, runIds, cancellationToken) > 0)
        {
            if (deadline.Elapsed > RunLimit)
            {
                throw new TimeoutException($"{runIds.Length} workflow runs were not all ended within {RunLimit.TotalMinutes} minutes.");
            }

            await Task.Delay(runIds.Length == 1 ? 20 : 500, cancellationToken);
        }
    }

    private static async Task<int> OpenCountAsync(BenchmarkDatabase database, IReadOnlyCollection<long> runIds, CancellationToken cancellationToken)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowRuns.CountAsync(
            r => runIds.Contains(r.Id) && (r.State == WorkflowRunState.Running || r.State == WorkflowRunState.Paused), cancellationToken);
    }

    // GET of the run list and of one run every ProbeInterval, until the time is up or the token is cancelled.
    private static async Task<(List<double> List, List<double> Run)> ProbeAsync(HttpClient http, long runId, TimeSpan time, CancellationToken stop)
    {
        var (list, run) = (new List<double>(), new List<double>());
        var until = time == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + time;
        using var timer = new PeriodicTimer(ProbeInterval);
        try
        {
            while (DateTime.UtcNow < until && await timer.WaitForNextTickAsync(stop))
            {
                list.Add(await TimeGetAsync(http, "api/v1/workflow-runs?page_size=50", stop));
                run.Add(await TimeGetAsync(http, $"api/v1/workflow-runs/{runId}", stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load ended.
        }

        return (list, run);
    }

    private static async Task<double> TimeGetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Prints the overhead per step and in all, the robot queue's wait and the wait steps' lateness; returns the overall p95 under load.</summary>
    private static double PrintSteps(WorkflowStep[] steps, WorkflowStepTimes load, WorkflowStepTimes alone)
    {
        Console.WriteLine($"| Measure | Attempts | p50 | p95 | p99 | max | Alone p50 | Alone p95 | p95 ÷ alone p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < steps.Length; i++)
        {
            var what = i == 0 ? "since the run was created" : "since the previous step ended";
            Row($"overhead of step {i + 1} ({ContractName.Of(steps[i].Kind)}), {what}", load.Overhead(i), alone.Overhead(i));
        }

        var all = load.Overhead(null);
        Row("**overhead, all steps**", all, alone.Overhead(null));
        Row("robot step: waiting for a free robot (not overhead)", load.RobotQueueWait, alone.RobotQueueWait);
        Row("wait steps: ended after their due time (not overhead)", load.WaitLateness, alone.WaitLateness);
        return Percentile(all, 0.95);
    }

    private static void PrintPages((List<double> List, List<double> Run) idle, (List<double> List, List<double> Run) load)
    {
        Console.WriteLine("| Page read | Requests idle / under load | Idle p50 | Idle p95 | Load p50 | Load p95 | Load max | p95 ÷ idle p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        PageRow("GET /api/v1/workflow-runs?page_size=50", idle.List, load.List);
        PageRow("GET /api/v1/workflow-runs/{id}", idle.Run, load.Run);
    }

    private static void Row(string measure, List<double> load, List<double> alone) =>
        Console.WriteLine($"| {measure} | {load.Count:N0} | {Ms(load, 0.5)} | {Ms(load, 0.95)} | {Ms(load, 0.99)} | {Ms(load, 1)} "
                          + $"| {Ms(alone, 0.5)} | {Ms(alone, 0.95)} | {Ratio(load, alone)} |");

    private static void PageRow(string request, List<double> idle, List<double> load) =>
        Console.WriteLine($"| {request} | {idle.Count} / {load.Count} | {Ms(idle, 0.5)} | {Ms(idle, 0.95)} | {Ms(load, 0.5)} | {Ms(load, 0.95)} "
                          + $"| {Ms(load, 1)} | {Ratio(load, idle)} |");

    private static string Ms(List<double> values, double p) => values.Count == 0 ? "–" : $"{Percentile(values, p):F1} ms";

    private static string Ratio(List<double> values, List<double> baseline) =>
        values.Count == 0 || baseline.Count == 0 || Percentile(baseline, 0.95) <= 0 ? "–" : $"{Percentile(values, 0.95) / Percentile(baseline, 0.95):F2}";

    private static double Percentile(List<double> values, double p) =>
        values.Count == 0 ? double.NaN : Live.LiveLatencyBenchmark.Percentile(values, p);
}
