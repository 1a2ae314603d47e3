using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// Real Workbench processes (<see cref="WorkbenchProcess"/>) on one migrated SQLite file, a real HTTP server for their
/// HTTP steps on a loopback address reached by a host name (<see cref="WorkflowCrashLoopbackName"/>), and a Core in the
/// test process on the same file that seeds workflows, starts runs through <see cref="WorkflowRunService"/> and reads
/// what the processes did. One per test.
/// </summary>
public sealed class WorkflowCrashBed : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly List<WorkbenchProcess> _processes = [];
    private readonly string _database;

    private WorkflowCrashBed(CoreTestHost host, WorkflowHttpTestServer server, WorkflowCrashLoopbackName name)
    {
        Host = host;
        Server = server;
        Name = name;
        _database = Path.Combine(host.DataDirectory, "workbench.db");
    }

    public CoreTestHost Host { get; }

    public WorkflowHttpTestServer Server { get; }

    public WorkflowCrashLoopbackName Name { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WorkflowCrashBed> StartAsync()
    {
        var name = await WorkflowCrashLoopbackName.FindAsync();
        // The test's Core runs no engine: the processes dispatch every step, the first one of a run started here included.
        var host = await new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Workflows:Enabled"] = "false" }).MigrateAsync();
        // The processes run on the real clock; runs started here must be due for them at once.
        host.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        return new WorkflowCrashBed(host, await WorkflowHttpTestServer.StartAsync(name.Addresses[0]), name);
    }

    /// <summary>An HTTP step that GETs <paramref name="path"/> of the test server by its loopback name, the run's id and the step's name in the query.</summary>
    public WorkflowStep HttpStep(string name, string path = "/orders/search") => new(name, WorkflowStepKind.Http)
    {
        Http = new WorkflowHttpStep("GET", $"http://{Name.Name}:{Server.Port}{path}?run={{{{ run.id }}}}&step={name}"),
    };

    public static WorkflowStep WaitStep(string name, int seconds) => new(name, WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = seconds } };

    /// <summary>Starts a Workbench process on the bed's file, allowed to call the test server, and waits until it is healthy.</summary>
    public async Task<WorkbenchProcess> StartWorkbenchAsync(params string[] settings)
    {
        var process = await WorkbenchProcess.StartAsync(_database,
        [
            $"--Workbench:Workflows:HttpAllowedHosts:0={Name.Name}",
            .. Name.Networks.Select((network, i) => $"--Workbench:Workflows:HttpAllowedNetworks:{i}={network}"),
            .. settings,
        ], Ct);
        _processes.Add(process);
        return process;
    }

    public async Task<long> AddWorkflowAsync(params WorkflowStep[] steps) =>
        (await new WorkflowRunSeed(Host).WorkflowAsync("Crash", new WorkflowDefinition { Steps = steps })).WorkflowId;

    public async Task<long> StartRunAsync(long workflowId) =>
        (await Host.Get<WorkflowRunService>().StartAsync(workflowId, null, WorkflowTrigger.Api, Ct)).Id;

    public Task<List<WorkflowStepRun>> AttemptsAsync(long runId) => Host.ReadAsync(db =>
        db.WorkflowStepRuns.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Id).ToListAsync(Ct));

    public Task<WorkflowRun> RunAsync(long runId) => Host.ReadAsync(db => db.WorkflowRuns.AsNoTracking().SingleAsync(r => r.Id == runId, Ct));

    public Task<List<string>> LogAsync(long runId) => Host.ReadAsync(db =>
        db.WorkflowLogLines.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.Id).Select(l => l.Message).ToListAsync(Ct));

    /// <summary>How many requests the server received for each path and query.</summary>
    public Dictionary<string, int> RequestCounts() => Server.Requests.GroupBy(r => r.PathAndQuery).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Polls the file until <paramref name="condition"/> holds; generous, as process starts on a busy 2-core machine are slow.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (within ?? TimeSpan.FromMinutes(3)))
            {
                throw new TimeoutException($"Not within {clock.Elapsed.TotalSeconds:F0} s: {what}.");
            }

            await Task.Delay(Poll, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Server.DisposeAsync();
        await Host.DisposeAsync();
    }
}
