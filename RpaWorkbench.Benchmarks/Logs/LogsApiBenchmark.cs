using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Live;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Benchmarks.Logs;

/// <summary>
/// <c>-- logs-api</c>: <c>GET /api/v1/logs</c> with the logs page's filters over 1,000,000 seeded logs
/// (<see cref="SeededLogDatabase"/>), the Workbench in its own process on loopback Kestrel as <c>dotnet run</c> runs it,
/// called with a viewer key over one kept-alive connection. Each case is timed from before the request to the last
/// byte of the answer, so it bounds the server time from above. Baselines in the same run: <c>GET /healthz</c> (the
/// HTTP round trip with no database work) and the same query through <see cref="ExecutionLogService"/> in this process
/// (the database work alone). Target: p95 under 50 ms for every case.
/// </summary>
public static class LogsApiBenchmark
{
    public const string Command = "logs-api";
    private const int Warmup = 20;
    private const int Samples = 200;
    private const double TargetMilliseconds = 50;

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var password = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));
        var database = await SeededLogDatabase.GetAsync();
        await using var server = await LiveLatencyBenchmark.StartAsync(database, "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17)), password, cancellationToken,
            // One script calling as fast as it can; the per-caller limit (50/s) would time the limiter instead.
            ["--Workbench:Api:RateLimit:PermitsPerSecond", "1000000", "--Workbench:Api:RateLimit:Burst", "1000000"]);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", await ApiKeyAsync(database, ApiKeyScopes.Viewer, cancellationToken));
        var logs = ActivatorUtilities.CreateInstance<ExecutionLogService>(database.Services, new BenchmarkViewer());
        var now = database.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var app = (await logs.AppNamesAsync(cancellationToken))[0];
        var account = (await logs.AccountNamesAsync(cancellationToken))[0];
        var weekAgo = now.AddDays(-7).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        (string Name, string Query, ExecutionLogFilter Filter, int PageSize)[] cases =
        [
            ("no filter", "", new ExecutionLogFilter(), 20),
            ("no filter, 200 per page", "page_size=200", new ExecutionLogFilter(), 200),
            ("account", $"account={Uri.EscapeDataString(account)}", new ExecutionLogFilter { Account = account }, 20),
            ("app + status=failed", $"app={Uri.EscapeDataString(app)}&status=failed", new ExecutionLogFilter { App = app, Status = ExecutionStatus.Failed }, 20),
            // The logs page benchmark's costliest filter: the status index is read and each entry's account checked.
            ("account + status=failed", $"account={Uri.EscapeDataString(account)}&status=failed",
                new ExecutionLogFilter { Account = account, Status = ExecutionStatus.Failed }, 20),
            ("time range (last 7 days)", $"from={weekAgo}", new ExecutionLogFilter { FromUtc = now.AddDays(-7) }, 20),
            ("text q=超时", $"q={Uri.EscapeDataString("超时")}", new ExecutionLogFilter { Text = "超时" }, 20),
        ];

        var health = await TimeAsync(() => GetAsync(http, "healthz", cancellationToken));
        var rows = new List<(string Name, string Measure, List<double> Times)> { ("GET /healthz (baseline)", "HTTP", health) };
        foreach (var (name, query, filter, pageSize) in cases)
        {
            rows.Add((name, "ExecutionLogService in-process (baseline)",
                await TimeAsync(() => logs.ListAsync(filter, ExecutionLogSort.StartTime, descending: true, 0, pageSize, cancellationToken))));
            rows.Add((name, "GET /api/v1/logs?" + query, await TimeAsync(() => GetAsync(http, "api/v1/logs?" + query, cancellationToken))));
        }

        return Print(rows);
    }

    private static async Task<List<double>> TimeAsync(Func<Task> call)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await call();
        }

        var times = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static async Task GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    // A key for the bootstrap admin the server has just created, made as the API-keys page makes one.
    internal static async Task<string> ApiKeyAsync(BenchmarkDatabase database, string scope, CancellationToken cancellationToken)
    {
        var admin = new BenchmarkViewer(Roles.Admin);
        var keys = ActivatorUtilities.CreateInstance<ApiKeyService>(database.Services, admin, new AuditTrail(admin, TimeProvider.System),
            new UpperInvariantLookupNormalizer());
        var created = await keys.CreateAsync(new NewApiKey($"{scope} key (benchmark)", scope, Owner: "admin"), cancellationToken);
        return created.Secret;
    }

    private static int Print(List<(string Name, string Measure, List<double> Times)> rows)
    {
        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{SeededLogDatabase.LogCount:N0} logs; {Samples} calls per row after {Warmup} warm-up calls.");
        Console.WriteLine();
        Console.WriteLine("| Case | Measure | p50 | p95 | max |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (name, measure, times) in rows)
        {
            Console.WriteLine($"| {name} | `{measure}` | {LiveLatencyBenchmark.Percentile(times, 0.5):F1} ms | {LiveLatencyBenchmark.Percentile(times, 0.95):F1} ms | {times.Max():F1} ms |");
        }

        var missed = rows.Where(r => r.Measure.StartsWith("GET /api", StringComparison.Ordinal) && LiveLatencyBenchmark.Percentile(r.Times, 0.95) >= TargetMilliseconds)
            .Select(r => r.Name).ToList();
        Console.WriteLine();
        Console.WriteLine(missed.Count == 0
            ? $"Target p95 < {TargetMilliseconds} ms for every filter over HTTP: met."
            : $"Target p95 < {TargetMilliseconds} ms MISSED for: {string.Join(", ", missed)}.");
        return missed.Count == 0 ? 0 : 1;
    }
}
